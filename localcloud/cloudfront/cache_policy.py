"""A cache policy as CloudFront applies it: what is in the cache key, how long an answer lives.

How long (CloudFront's "Manage how long content stays in the cache"): the origin's `s-maxage`,
else `max-age`, else `Expires`, clamped to the policy's [MinTTL, MaxTTL]; without any of them,
DefaultTTL. `no-store`, `no-cache` and `private` keep nothing when MinTTL is 0, and are
overridden by a MinTTL above 0. The 4xx/5xx answers CloudFront caches are kept for the longer of
their own lifetime and the error caching minimum TTL (10 s), whatever else they say.

The key is what the policy names: the host, the path, the listed query strings, headers and
cookies, and the normalised Accept-Encoding when the policy lets CloudFront compress.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from http.cookies import CookieError, SimpleCookie
from typing import Any

from localcloud.apigateway.events import HttpResponse

Headers = list[tuple[str, str]]

# AWS managed cache policies, by ID, as GetCachePolicyConfig describes them.
_NONE = {
    "HeadersConfig": {"HeaderBehavior": "none"},
    "CookiesConfig": {"CookieBehavior": "none"},
    "QueryStringsConfig": {"QueryStringBehavior": "none"},
}
MANAGED_CACHE_POLICIES: dict[str, dict[str, Any]] = {
    "4135ea2d-6df8-44a3-9df3-4b5a84be39ad": {
        "Name": "Managed-CachingDisabled",
        "MinTTL": 0,
        "DefaultTTL": 0,
        "MaxTTL": 0,
        "ParametersInCacheKeyAndForwardedToOrigin": _NONE,
    },
    "658327ea-f89d-4fab-a63d-7e88639e58f6": {
        "Name": "Managed-CachingOptimized",
        "MinTTL": 1,
        "DefaultTTL": 86400,
        "MaxTTL": 31536000,
        "ParametersInCacheKeyAndForwardedToOrigin": {
            **_NONE,
            "EnableAcceptEncodingGzip": True,
            "EnableAcceptEncodingBrotli": True,
        },
    },
    "b2884449-e4de-46a7-ac36-70bc7f1ddd6d": {
        "Name": "Managed-CachingOptimizedForUncompressedObjects",
        "MinTTL": 1,
        "DefaultTTL": 86400,
        "MaxTTL": 31536000,
        "ParametersInCacheKeyAndForwardedToOrigin": _NONE,
    },
    "83da9c7e-98b4-4e11-a168-04f0df8e2c65": {
        "Name": "Managed-UseOriginCacheControlHeaders",
        "MinTTL": 0,
        "DefaultTTL": 0,
        "MaxTTL": 31536000,
        "ParametersInCacheKeyAndForwardedToOrigin": {
            "HeadersConfig": {
                "HeaderBehavior": "whitelist",
                "Headers": {"Items": ["host", "origin", "x-http-method-override", "x-http-method"]},
            },
            "CookiesConfig": {"CookieBehavior": "all"},
            "QueryStringsConfig": {"QueryStringBehavior": "none"},
            "EnableAcceptEncodingGzip": True,
            "EnableAcceptEncodingBrotli": True,
        },
    },
}
CACHEABLE = frozenset({200, 203, 300, 301, 410})
# 416 is not among them: CloudFront never caches it.
ERRORS = frozenset({400, 403, 404, 405, 414, 500, 501, 502, 503, 504})
ERROR_CACHING_MIN_TTL = 10.0


def _selection(config: dict[str, Any], kind: str) -> tuple[str, frozenset[str]]:
    behaviour = config.get(f"{kind}Behavior", "none")
    names = (config.get(f"{kind}s") or {}).get("Items") or []
    return behaviour, frozenset(n.lower() if kind == "Header" else n for n in names)


def _select(pairs: Sequence[tuple[str, str]], rule: tuple[str, frozenset[str]]) -> tuple:
    behaviour, names = rule
    if behaviour == "none":
        return ()
    chosen = [
        (k, v)
        for k, v in pairs
        if behaviour == "all"
        or (behaviour == "whitelist" and k in names)
        or (behaviour == "allExcept" and k not in names)
    ]
    return tuple(sorted(chosen))


def directives(headers: Headers) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in headers:
        if name.lower() != "cache-control":
            continue
        for part in value.split(","):
            directive, _, argument = part.strip().partition("=")
            if directive:
                found[directive.lower()] = argument.strip().strip('"')
    return found


def _seconds(value: str | None) -> float | None:
    try:
        return float(int(value)) if value is not None else None
    except ValueError:
        return None


def header(headers: Headers, name: str) -> str | None:
    return next((v for k, v in headers if k.lower() == name), None)


@dataclass(frozen=True)
class CachePolicy:
    name: str
    min_ttl: float
    default_ttl: float
    max_ttl: float
    query_strings: tuple[str, frozenset[str]]
    headers: tuple[str, frozenset[str]]
    cookies: tuple[str, frozenset[str]]
    accept_encoding: frozenset[str]

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> CachePolicy:
        params = config.get("ParametersInCacheKeyAndForwardedToOrigin") or {}
        encodings = {"gzip"} if params.get("EnableAcceptEncodingGzip") else set()
        encodings |= {"br"} if params.get("EnableAcceptEncodingBrotli") else set()
        return cls(
            name=config.get("Name", ""),
            min_ttl=float(config.get("MinTTL", 0)),
            default_ttl=float(config.get("DefaultTTL", 0)),
            max_ttl=float(config.get("MaxTTL", 0)),
            query_strings=_selection(params.get("QueryStringsConfig") or {}, "QueryString"),
            headers=_selection(params.get("HeadersConfig") or {}, "Header"),
            cookies=_selection(params.get("CookiesConfig") or {}, "Cookie"),
            accept_encoding=frozenset(encodings),
        )

    @property
    def caches(self) -> bool:
        return self.max_ttl > 0

    def key(
        self, *, method: str, path: str, query: Sequence[tuple[str, str]], headers: Headers
    ) -> tuple:
        lowered = [(k.lower(), v) for k, v in headers]
        cookies: list[tuple[str, str]] = []
        for name, value in lowered:
            if name == "cookie":
                try:
                    cookies += [(c.key, c.value) for c in SimpleCookie(value).values()]
                except CookieError:
                    continue
        accepted = {
            e.split(";")[0].strip().lower()
            for e in (header(lowered, "accept-encoding") or "").split(",")
        }
        return (
            method,  # a HEAD's answer has no body to give a GET
            (header(lowered, "host") or "").lower(),
            path,
            _select(query, self.query_strings),
            _select([(k, v) for k, v in lowered if k != "cookie"], self.headers),
            _select(cookies, self.cookies),
            tuple(sorted(self.accept_encoding & accepted)),
        )

    def lifetime(self, response: HttpResponse, now: float) -> tuple[float, float]:
        """(time to live, stale-while-revalidate window) in seconds; (0, 0) keeps nothing."""
        found = directives(response.headers)
        swr = _seconds(found.get("stale-while-revalidate")) or 0.0
        origin_ttl = _seconds(found.get("s-maxage"))
        if origin_ttl is None:
            origin_ttl = _seconds(found.get("max-age"))
        if origin_ttl is None and (expires := header(response.headers, "expires")):
            try:
                origin_ttl = max(0.0, parsedate_to_datetime(expires).timestamp() - now)
            except (TypeError, ValueError):
                origin_ttl = 0.0
        if response.status in ERRORS:
            # The longer of the origin's lifetime (capped by MaxTTL) and the error caching minimum;
            # other directives, no-store included, leave the minimum in place.
            return max(min(origin_ttl or 0.0, self.max_ttl), ERROR_CACHING_MIN_TTL), 0.0
        if response.status not in CACHEABLE:
            return 0.0, 0.0
        if {"no-store", "no-cache", "private"} & found.keys():
            return self.min_ttl, 0.0
        if origin_ttl is None:
            return self.default_ttl, swr
        return min(max(origin_ttl, self.min_ttl), self.max_ttl), swr
