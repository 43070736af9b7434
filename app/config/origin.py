"""Refuse every request that did not come through CloudFront (and so through its WAF).

The API Gateway endpoint is public, and Django trusts X-Forwarded-Host, so a direct request naming
the shop's host would otherwise pass ALLOWED_HOSTS. CloudFront adds a secret header to each origin
request (modules/cdn); this middleware, first in the chain, answers 403 without it.

Rotation without downtime: the values are read by ARN at cold start, AWSCURRENT and AWSPREVIOUS,
and both are accepted while CloudFront's edge locations switch over. A warm environment that meets
an unknown value reads the secret again from Secrets Manager itself (not the extension's cache),
at most once per _REFRESH_INTERVAL_SECONDS, so guessing callers cannot turn into a stream of reads.
"""

from __future__ import annotations

import hmac
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from config.secrets import CURRENT, PREVIOUS, secret_string

log = logging.getLogger(__name__)

_REFRESH_INTERVAL_SECONDS = 30.0


class OriginSecret:
    """The header values CloudFront may send: the current one and, in a rotation, the last."""

    def __init__(self, arn: str) -> None:
        self.arn = arn
        self._values = self._read(fresh=False)
        self._read_at = time.monotonic()

    def _read(self, *, fresh: bool) -> tuple[bytes, ...]:
        values = (secret_string(self.arn, stage=s, fresh=fresh) for s in (CURRENT, PREVIOUS))
        return tuple(value.encode() for value in values if value)

    def accepts(self, presented: str | None) -> bool:
        if not presented:
            return False
        if self._matches(presented.encode()):
            return True
        if time.monotonic() - self._read_at < _REFRESH_INTERVAL_SECONDS:
            return False
        # Perhaps rotated since this environment started: ask Secrets Manager, not a cache.
        self._read_at = time.monotonic()
        self._values = self._read(fresh=True)
        return self._matches(presented.encode())

    def _matches(self, presented: bytes) -> bool:
        # Every value is compared, in constant time, so the answer time says nothing about either.
        found = False
        for value in self._values:
            found |= hmac.compare_digest(presented, value)
        return found


class OriginVerifyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # Django builds the middleware chain once, when the handler module is imported: cold start.
        self.secret = OriginSecret(settings.SHOP_ORIGIN_SECRET_ARN)
        self.meta_key = "HTTP_" + settings.SHOP_ORIGIN_HEADER.upper().replace("-", "_")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.secret.accepts(request.META.get(self.meta_key)):
            return self.get_response(request)
        log.warning("refused a request around CloudFront: %s %s", request.method, request.path)
        return JsonResponse(
            {
                "error": {
                    "code": "forbidden",
                    "message": "Requests must come through the shop's CloudFront distribution.",
                }
            },
            status=403,
        )
