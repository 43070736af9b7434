"""The edge's cache against CloudFront's documented expiration rules, on a clock the test moves."""

import threading
import time

import pytest

from localcloud.apigateway.events import HttpResponse
from localcloud.cloudfront.cache import HIT, MISS, REFRESH_HIT, EdgeCache
from localcloud.cloudfront.cache_policy import MANAGED_CACHE_POLICIES, CachePolicy

CATALOGUE = CachePolicy.from_config(
    {
        "Name": "catalogue",
        "MinTTL": 0,
        "DefaultTTL": 0,
        "MaxTTL": 60,
        "ParametersInCacheKeyAndForwardedToOrigin": {
            "EnableAcceptEncodingGzip": True,
            "EnableAcceptEncodingBrotli": True,
            "HeadersConfig": {"HeaderBehavior": "none"},
            "CookiesConfig": {"CookieBehavior": "none"},
            "QueryStringsConfig": {
                "QueryStringBehavior": "whitelist",
                "QueryStrings": {"Quantity": 2, "Items": ["page", "page_size"]},
            },
        },
    }
)
OPTIMIZED = CachePolicy.from_config(MANAGED_CACHE_POLICIES["658327ea-f89d-4fab-a63d-7e88639e58f6"])
DISABLED = CachePolicy.from_config(MANAGED_CACHE_POLICIES["4135ea2d-6df8-44a3-9df3-4b5a84be39ad"])
VIEWER = [("host", "shop.example"), ("accept-encoding", "gzip, deflate, br")]


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class Origin:
    """Answers as configured and counts requests, like the function behind the API."""

    def __init__(self, cache_control: str | None, *, status: int = 200) -> None:
        self.cache_control = cache_control
        self.status = status
        self.version = 1
        self.requests: list[list[tuple[str, str]]] = []

    def __call__(self, headers: list[tuple[str, str]]) -> HttpResponse:
        self.requests.append(headers)
        etag = f'"v{self.version}"'
        if dict(headers).get("if-none-match") == etag:
            return HttpResponse(status=304, headers=[("etag", etag)], body=b"")
        out = [("content-type", "application/json"), ("etag", etag)]
        if self.cache_control:
            out.append(("cache-control", self.cache_control))
        return HttpResponse(status=self.status, headers=out, body=f"v{self.version}".encode())


@pytest.fixture
def clock() -> Clock:
    return Clock()


def get(cache, origin, *, policy=CATALOGUE, path="/api/products", query=(), headers=VIEWER):
    key = policy.key(method="GET", path=path, query=list(query), headers=list(headers))
    return cache.serve(policy, key, path, list(headers), origin)


def test_s_maxage_decides_within_the_policy_and_age_counts_up(clock):
    cache, origin = EdgeCache(clock=clock), Origin("public, max-age=0, s-maxage=30")
    first, state = get(cache, origin)
    assert (first.status, first.body, state, dict(first.headers)["age"]) == (200, b"v1", MISS, "0")
    clock.now += 29
    again, state = get(cache, origin)
    assert (again.body, state, dict(again.headers)["age"], len(origin.requests)) == (
        b"v1",
        HIT,
        "29",
        1,
    )


def test_max_ttl_caps_the_origin_and_min_ttl_overrides_no_store():
    catalogue = CATALOGUE.lifetime(HttpResponse(200, [("cache-control", "s-maxage=3600")], b""), 0)
    optimized = OPTIMIZED.lifetime(HttpResponse(200, [("cache-control", "no-store")], b""), 0)
    unset = OPTIMIZED.lifetime(HttpResponse(200, [], b""), 0)
    private = CATALOGUE.lifetime(HttpResponse(200, [("cache-control", "private")], b""), 0)
    assert (catalogue, optimized, unset, private) == ((60, 0), (1, 0), (86400, 0), (0, 0))


def test_expires_counts_when_there_is_no_max_age():
    expires = HttpResponse(200, [("expires", "Thu, 01 Jan 1970 00:00:20 GMT")], b"")
    assert CATALOGUE.lifetime(expires, now=5) == (15, 0)


def test_errors_are_kept_for_the_error_caching_minimum_or_their_own_longer_lifetime():
    def error(status, cache_control=None):
        headers = [("cache-control", cache_control)] if cache_control else []
        return CATALOGUE.lifetime(HttpResponse(status, headers, b"{}"), 0)

    assert error(502) == (10, 0)
    assert error(404, "private, no-store") == (10, 0)  # no-store does not stop error caching
    assert error(404, "s-maxage=30") == (30, 0)
    assert error(503, "max-age=3") == (10, 0)
    assert error(404, "s-maxage=3600") == (60, 0)  # the behaviour's MaxTTL still caps it
    assert error(416) == (0, 0)  # never cached
    assert error(201, "s-maxage=30") == (0, 0)


def test_an_origin_error_while_revalidating_serves_the_cached_answer(clock):
    cache, origin = EdgeCache(clock=clock), Origin("s-maxage=10")
    get(cache, origin)
    clock.now += 11
    origin.status, origin.version = 503, 2
    response, state = get(cache, origin)
    assert (response.status, response.body, state) == (200, b"v1", HIT)


def test_private_answers_are_never_stored(clock):
    cache, origin = EdgeCache(clock=clock), Origin("private, no-store")
    states = [get(cache, origin)[1] for _ in range(3)]
    assert (states, len(origin.requests)) == ([MISS, MISS, MISS], 3)


def test_the_key_holds_only_what_the_policy_names(clock):
    cache, origin = EdgeCache(clock=clock), Origin("s-maxage=30")
    get(cache, origin, query=[("page", "1"), ("utm", "x")])
    assert get(cache, origin, query=[("page", "1"), ("utm", "y")])[1] == HIT
    assert get(cache, origin, query=[("page", "2")])[1] == MISS
    with_cookie = [*VIEWER, ("cookie", "sessionid=abc"), ("user-agent", "other")]
    assert get(cache, origin, query=[("page", "1")], headers=with_cookie)[1] == HIT
    other_host = [("host", "other.example"), ("accept-encoding", "gzip, br")]
    assert get(cache, origin, query=[("page", "1")], headers=other_host)[1] == MISS
    plain = [("host", "shop.example")]  # no Accept-Encoding: another compressed variant
    assert get(cache, origin, query=[("page", "1")], headers=plain)[1] == MISS
    assert len(origin.requests) == 4


def test_an_expired_answer_is_revalidated_refresh_hit_on_304(clock):
    cache, origin = EdgeCache(clock=clock), Origin("s-maxage=10")
    get(cache, origin)
    clock.now += 11
    response, state = get(cache, origin)
    assert (state, response.body, dict(origin.requests[-1])["if-none-match"]) == (
        REFRESH_HIT,
        b"v1",
        '"v1"',
    )
    origin.version = 2
    clock.now += 11
    response, state = get(cache, origin)
    assert (state, response.body) == (MISS, b"v2")


def test_stale_while_revalidate_serves_stale_and_refreshes_in_the_background(clock):
    cache, origin = EdgeCache(clock=clock), Origin("s-maxage=10, stale-while-revalidate=20")
    get(cache, origin)
    origin.version = 2
    clock.now += 15
    response, state = get(cache, origin)
    assert (state, response.body) == (HIT, b"v1")
    deadline = time.monotonic() + 5
    while len(origin.requests) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.05)
    response, state = get(cache, origin)
    assert (state, response.body, len(origin.requests)) == (HIT, b"v2", 2)
    clock.now += 31  # past both windows of the refreshed answer
    assert get(cache, origin)[1] == REFRESH_HIT


def test_simultaneous_misses_reach_the_origin_once(clock):
    release = threading.Event()
    origin = Origin("s-maxage=30")

    def slow(headers):
        release.wait(5)
        return origin(headers)

    cache = EdgeCache(clock=clock)
    results: list[tuple[HttpResponse, str]] = []
    threads = [threading.Thread(target=lambda: results.append(get(cache, slow))) for _ in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(0.2)
    release.set()
    for thread in threads:
        thread.join(5)
    assert len(origin.requests) == 1
    assert sorted(state for _, state in results) == [HIT] * 7 + [MISS]
    assert {r.body for r, _ in results} == {b"v1"}


def test_the_viewer_gets_304_from_the_cache_for_its_etag(clock):
    cache, origin = EdgeCache(clock=clock), Origin("s-maxage=30")
    get(cache, origin)
    response, state = get(cache, origin, headers=[*VIEWER, ("if-none-match", '"v1"')])
    assert (response.status, response.body, state, len(origin.requests)) == (304, b"", HIT, 1)
    assert "if-none-match" not in dict(origin.requests[0])


def test_invalidations_drop_what_they_match(clock):
    invalidations: list[dict] = []
    cache = EdgeCache(list_invalidations=lambda: list(invalidations), clock=clock)
    origin = Origin("s-maxage=60")
    get(cache, origin, path="/api/products")
    get(cache, origin, path="/api/products/MUG")
    invalidations.append({"Id": "I1", "Paths": ["/api/products/*"]})
    clock.now += 2
    assert get(cache, origin, path="/api/products")[1] == HIT
    assert get(cache, origin, path="/api/products/MUG")[1] == MISS
    clock.now += 2  # an invalidation is applied once
    assert get(cache, origin, path="/api/products/MUG")[1] == HIT


def test_caching_disabled_keeps_nothing():
    assert DISABLED.caches is False
    assert CATALOGUE.caches and OPTIMIZED.caches
