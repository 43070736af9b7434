"""Invoking an alias as Lambda does: its routing configuration splits requests between versions.

Each request goes to the alias's primary version or, with the weight the routing configuration
gives it (`AdditionalVersionWeights`, what a canary sets), to the additional version. The alias is
read again every `refresh` seconds, so a shift or a rollback reaches the edge within that time.
Every version runs in a worker pool of its own, from its own code (`pool_for_version`); a pool
whose version the alias no longer references is closed once its last requests can have finished.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from localcloud.awslambda.pool import Invocation, WorkerPool

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Routing:
    primary: str
    weights: dict[str, float]

    def pick(self, draw: float) -> str:
        """The version for a request, given a uniform draw in [0, 1)."""
        edge = 0.0
        for version, weight in sorted(self.weights.items()):
            edge += weight
            if draw < edge:
                return version
        return self.primary


class AliasRouter:
    def __init__(
        self,
        *,
        lambda_client: Any,
        function: str,
        alias: str,
        pool_for_version: Callable[[dict[str, Any]], WorkerPool],
        refresh: float = 1.0,
        on_invoke: Callable[[str, Invocation], None] | None = None,
        draw: Callable[[], float] = random.random,
    ) -> None:
        self.function = function
        self.alias = alias
        self._lambda = lambda_client
        self._pool_for_version = pool_for_version
        self.refresh = refresh
        self._on_invoke = on_invoke
        self._draw = draw
        self._lock = threading.Lock()
        self._pools: dict[str, WorkerPool] = {}
        self._routing: Routing | None = None
        self._read_at = 0.0

    def routing(self) -> Routing:
        with self._lock:
            if self._routing is not None and time.monotonic() - self._read_at < self.refresh:
                return self._routing
        raw = self._lambda.get_alias(FunctionName=self.function, Name=self.alias)
        weights = (raw.get("RoutingConfig") or {}).get("AdditionalVersionWeights") or {}
        routing = Routing(raw["FunctionVersion"], {v: float(w) for v, w in weights.items()})
        with self._lock:
            stale = [v for v in self._pools if v != routing.primary and v not in routing.weights]
            retired = [self._pools.pop(v) for v in stale]
            self._routing, self._read_at = routing, time.monotonic()
        for pool in retired:
            # Requests it is serving may run up to the timeout; new ones already take the new route.
            timer = threading.Timer(pool.timeout + 1, pool.close)
            timer.daemon = True
            timer.start()
        return routing

    def _pool(self, version: str) -> WorkerPool:
        with self._lock:
            pool = self._pools.get(version)
        if pool is not None:
            return pool
        config = self._lambda.get_function(FunctionName=self.function, Qualifier=version)
        pool = self._pool_for_version(config["Configuration"])
        with self._lock:
            existing = self._pools.setdefault(version, pool)
        if existing is not pool:
            pool.close()
        return existing

    def invoke(self, event: Any) -> Invocation:
        version = self.routing().pick(self._draw())
        invocation = self._pool(version).invoke(event)
        if self._on_invoke is not None:
            self._on_invoke(version, invocation)
        return invocation

    def warm(self) -> None:
        self._pool(self.routing().primary).warm()

    def close(self) -> None:
        with self._lock:
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            pool.close()
