from django.urls import include, path, re_path

from shop import views

app_name = "shop"
urlpatterns = [
    path("health", views.health, name="health"),
    path("openapi.json", views.openapi_document, name="openapi"),
    path("products", views.product_list, name="product-list"),
    path("products/<str:sku>", views.product_detail, name="product-detail"),
    path("orders", views.order_create, name="order-create"),
    path("orders/<int:order_id>", views.order_detail, name="order-detail"),
    path("", include("shop.accounts.urls")),
    re_path(r"^.*$", views.not_found),
]
