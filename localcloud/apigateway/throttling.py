"""The HTTP API stage's throttling: one token bucket per route, as API Gateway does.

"API Gateway throttles requests to your API using the token bucket algorithm, where a token
counts for a request"; the burst limit is "the maximum bucket size", the rate limit the
steady-state requests per second; over them clients "receive 429 Too Many Requests" (Throttling
requests to your HTTP API, API Gateway Developer Guide: docs.aws.amazon.com/apigateway/latest/
developerguide/http-api-throttling.html). The body is API Gateway's own
{"message":"Too Many Requests"}. Every route has the stage's DefaultRouteSettings limits, in a
bucket of its own; a route named in RouteSettings has that entry's limits instead (the entry
replaces the defaults, it is not merged with them). A limit the stage does not set leaves only
the account-level throttle (10,000 requests per second), which the local cloud does not apply;
a limit of 0 refuses every request, as on AWS.

A small class rather than a rate-limiting library: pyrate-limiter and limits count requests in
time windows, which is not API Gateway's bucket (a full burst at once, then refills at the rate),
and the bucket must take the clock from the caller so that tests drive time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Clock = Callable[[], float]


@dataclass(frozen=True)
class Limits:
    burst: int  # the bucket's size: requests admitted at once
    rate: float  # tokens added per second

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any] | None) -> Limits | None:
        """A stage's route settings (GetStage's shape); None when they do not throttle."""
        settings = settings or {}
        burst, rate = settings.get("ThrottlingBurstLimit"), settings.get("ThrottlingRateLimit")
        if burst is None or rate is None:
            return None
        return cls(burst=int(burst), rate=float(rate))


class TokenBucket:
    """Starts full; each request takes a token; tokens come back at `rate` per second."""

    def __init__(self, limits: Limits, clock: Clock = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._tokens = float(limits.burst)
        self._updated = clock()
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            now = self._clock()
            refilled = self._tokens + (now - self._updated) * self.limits.rate
            self._tokens = min(float(self.limits.burst), refilled)
            self._updated = now
            if self._tokens < 1:
                return False
            self._tokens -= 1
            return True


@dataclass
class StageThrottle:
    """Which route may run a request now: its bucket, created on its first request."""

    default: Limits | None = None
    # Route key -> the limits of its RouteSettings entry (None: that entry does not throttle).
    routes: Mapping[str, Limits | None] = field(default_factory=dict)
    clock: Clock = time.monotonic
    _buckets: dict[str, TokenBucket] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @classmethod
    def from_stage(cls, stage: Mapping[str, Any], clock: Clock = time.monotonic) -> StageThrottle:
        """From GetStage's answer (DefaultRouteSettings, RouteSettings)."""
        return cls(
            default=Limits.from_settings(stage.get("DefaultRouteSettings")),
            routes={
                key: Limits.from_settings(settings)
                for key, settings in (stage.get("RouteSettings") or {}).items()
            },
            clock=clock,
        )

    def limits(self, route: str) -> Limits | None:
        return self.routes.get(route, self.default)

    def admit(self, route: str) -> bool:
        limits = self.limits(route)
        if limits is None:
            return True
        with self._lock:
            bucket = self._buckets.get(route)
            if bucket is None:
                bucket = self._buckets[route] = TokenBucket(limits, self.clock)
        return bucket.take()
