from django.urls import path

from shop.accounts import views

urlpatterns = [
    path("auth/sign-up", views.sign_up, name="auth-sign-up"),
    path("auth/confirm", views.confirm, name="auth-confirm"),
    path("auth/resend-code", views.resend_code, name="auth-resend-code"),
    path("auth/sign-in", views.sign_in, name="auth-sign-in"),
    path("auth/refresh", views.refresh, name="auth-refresh"),
    path("auth/sign-out", views.sign_out, name="auth-sign-out"),
    path("auth/forgot-password", views.forgot_password, name="auth-forgot-password"),
    path(
        "auth/confirm-forgot-password",
        views.confirm_forgot_password,
        name="auth-confirm-forgot-password",
    ),
    path("me/orders", views.my_orders, name="my-orders"),
]
