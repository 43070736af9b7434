"""The JSON envelope every API view shares: methods, errors and size limits."""

import functools
import logging
from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from shop.errors import PayloadTooLarge, ShopError

logger = logging.getLogger(__name__)
View = Callable[..., HttpResponse]


def error_response(status: int, code: str, message: str, **extra: object) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, **extra}}, status=status)


def api_view(*methods: str) -> Callable[[View], View]:
    """JSON in, JSON out: 405 with Allow for other methods, ShopError as 4xx JSON.

    CSRF is off because the API authenticates nothing by cookie: orders are guarded by their
    token and checkout by its Idempotency-Key. The one cookie, the refresh token's, is
    SameSite=Strict (no other site's request carries it) and only ever answered with tokens in
    a body no other origin can read (shop.accounts.views).
    """
    allowed = sorted(set(methods) | ({"HEAD"} if "GET" in methods else set()))

    def decorate(view: View) -> View:
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in allowed:
                response = error_response(
                    405,
                    "method_not_allowed",
                    f"{request.method} is not allowed here; use {', '.join(allowed)}.",
                )
                response["Allow"] = ", ".join(allowed)
                return response
            try:
                _refuse_large_body(request)
                return view(request, *args, **kwargs)
            except ShopError as exc:
                return JsonResponse(exc.as_dict(), status=exc.status)
            except RequestDataTooBig:
                return JsonResponse(_too_large().as_dict(), status=413)

        # What the view answers, for the API contract (shop.openapi, tests/app/test_openapi.py).
        wrapper.methods = tuple(sorted(methods))  # type: ignore[attr-defined]
        return wrapper

    return decorate


def _refuse_large_body(request: HttpRequest) -> None:
    from django.conf import settings

    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        raise _too_large()


def _too_large() -> PayloadTooLarge:
    from django.conf import settings

    limit_kb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
    return PayloadTooLarge(f"The body is larger than the {limit_kb} KB limit.")
