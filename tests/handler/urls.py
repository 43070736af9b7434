"""Extra views, mounted only in handler tests, to exercise what the shop API never returns."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls import urlpatterns as shop_urlpatterns

PNG_BYTES = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


@csrf_exempt
def echo(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        {
            "method": request.method,
            "query": {key: request.GET.getlist(key) for key in request.GET},
            "cookies": request.COOKIES,
            "body": request.body.hex(),
            "host": request.get_host(),
            "secure": request.is_secure(),
        }
    )
    response.set_cookie("seen", "1", httponly=True)
    response.set_cookie("flavour", "oat", samesite="Lax")
    return response


def image(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PNG_BYTES, content_type="image/png")


urlpatterns = [path("echo", echo), path("image.png", image), *shop_urlpatterns]
