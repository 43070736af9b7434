from django.http import HttpRequest, JsonResponse
from django.urls import path


def products(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"count": 0, "results": [], "hello": "world"})


urlpatterns = [path("api/products", products)]
