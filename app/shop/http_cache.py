"""Who may keep an answer: CloudFront may keep the catalogue a short while, nobody keeps the rest.

The catalogue is the same for every shopper and changes only when staff edit it or an order takes
stock, so the edge serves it for `SHOP_CATALOGUE_CACHE_SECONDS` (s-maxage) and may serve it stale
for `SHOP_CATALOGUE_STALE_SECONDS` more while it refetches in the background. Browsers revalidate
every time (max-age=0), against the edge, not Django. Orders, errors and anything else carry
`private, no-store`, so no shared cache ever keeps a shopper's data or a passing error.
"""

import functools
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

View = Callable[..., HttpResponse]


def shared_cache(view: View) -> View:
    """Let CloudFront keep a successful read of this view (errors stay private)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        seconds = settings.SHOP_CATALOGUE_CACHE_SECONDS
        if response.status_code == 200 and seconds > 0:
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                s_maxage=seconds,
                stale_while_revalidate=settings.SHOP_CATALOGUE_STALE_SECONDS,
            )
        return response

    return wrapper


class PrivateByDefaultMiddleware:
    """`private, no-store` on every response that did not say who may cache it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
