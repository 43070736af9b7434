from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path, re_path
from django.views.defaults import bad_request, page_not_found, server_error

urlpatterns = [path("api/", include("shop.urls"))]
if "django.contrib.admin" in settings.INSTALLED_APPS:
    from django.contrib import admin

    urlpatterns.append(path("admin/", admin.site.urls))

if settings.SHOP_SERVE_STOREFRONT:
    # Development only: in the cloud, CloudFront serves these from S3.
    from django.views.static import serve

    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
        path("", serve, {"path": "index.html", "document_root": settings.SHOP_STOREFRONT_DIR}),
        re_path(
            r"^(?P<path>(?:index\.html|assets/.*))$",
            serve,
            {"document_root": settings.SHOP_STOREFRONT_DIR},
        ),
    ]


def handler400(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Reached for a Host outside ALLOWED_HOSTS and other SuspiciousOperations.
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"code": "bad_request", "message": "The request was refused."}}, status=400
        )
    return bad_request(request, exception)


def handler404(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "not_found", "message": "Not found."}}, status=404)
    return page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"code": "server_error", "message": "Something went wrong on our side."}},
            status=500,
        )
    return server_error(request)
