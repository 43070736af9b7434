"""CloudFront's cache at the local edge: one edge location's store, shared by every behaviour.

An answer lives as its behaviour's cache policy says (`cache_policy`). `stale-while-revalidate`
lets an expired answer be served while it is refetched in the background; past that, an expired
answer is revalidated with the origin (304: `RefreshHit`). Simultaneous misses for one key send
one request to the origin (request collapsing). Invalidations created in the emulator drop what
they match.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from localcloud.apigateway.events import HttpResponse
from localcloud.cloudfront.cache_policy import CachePolicy, Headers, directives, header

log = logging.getLogger(__name__)

POLL_INVALIDATIONS_EVERY = 1.0
HIT, MISS, REFRESH_HIT = "Hit from cloudfront", "Miss from cloudfront", "RefreshHit from cloudfront"
Fetch = Callable[[Headers], HttpResponse]


@dataclass
class _Entry:
    path: str
    response: HttpResponse
    stored_at: float
    ttl: float
    stale_window: float
    refreshing: bool = False


def _matches(pattern: str, path: str) -> bool:
    return path.startswith(pattern[:-1]) if pattern.endswith("*") else path == pattern


@dataclass
class EdgeCache:
    """One edge location's cache, shared by every behaviour and connection."""

    list_invalidations: Callable[[], list[dict[str, Any]]] | None = None
    clock: Callable[[], float] = time.time
    _entries: dict[tuple, _Entry] = field(default_factory=dict)
    _pending: dict[tuple, Future] = field(default_factory=dict)
    _seen_invalidations: set[str] = field(default_factory=set)
    _polled_at: float = float("-inf")
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def serve(
        self, policy: CachePolicy, key: tuple, path: str, headers: Headers, fetch: Fetch
    ) -> tuple[HttpResponse, str]:
        self._poll_invalidations()
        # The viewer's own validators are answered here; the origin is asked for the whole object.
        origin_headers = [
            h for h in headers if h[0].lower() not in {"if-none-match", "if-modified-since"}
        ]
        now = self.clock()
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None:
            age = now - entry.stored_at
            if age < entry.ttl:
                return self._answer(entry, headers, now), HIT
            if age < entry.ttl + entry.stale_window:
                self._refresh_in_background(policy, key, entry, origin_headers, fetch)
                return self._answer(entry, headers, now), HIT
            return self._revalidate(policy, key, entry, origin_headers, fetch, headers)
        return self._collapsed_miss(policy, key, path, origin_headers, fetch, headers)

    # --- origin requests -----------------------------------------------------------------------

    def _collapsed_miss(
        self, policy: CachePolicy, key: tuple, path: str, origin_headers: Headers, fetch: Fetch,
        viewer_headers: Headers,
    ) -> tuple[HttpResponse, str]:  # fmt: skip
        with self._lock:
            pending = self._pending.get(key)
            leader = pending is None
            if leader:
                pending = self._pending[key] = Future()
        assert pending is not None
        if not leader:
            pending.result()  # the leader's answer, or its exception
            with self._lock:
                entry = self._entries.get(key)
            if entry is not None:
                return self._answer(entry, viewer_headers, self.clock()), HIT
            # Not cacheable: this viewer's request goes to the origin on its own.
            return fetch(origin_headers), MISS
        try:
            response = fetch(origin_headers)
            stored = self._store(policy, key, path, response)
            pending.set_result(None)
        except BaseException as exc:
            pending.set_exception(exc)
            raise
        finally:
            with self._lock:
                self._pending.pop(key, None)
        if stored is None:
            return response, MISS
        return self._answer(stored, viewer_headers, self.clock()), MISS

    def _revalidate(
        self, policy: CachePolicy, key: tuple, entry: _Entry, origin_headers: Headers,
        fetch: Fetch, viewer_headers: Headers,
    ) -> tuple[HttpResponse, str]:  # fmt: skip
        response = fetch(origin_headers + _validators(entry.response))
        if response.status == 304:
            self._renew(policy, key, entry, response)
            return self._answer(entry, viewer_headers, self.clock()), REFRESH_HIT
        if response.status >= 500:
            # An origin error instead of a 304 or a new version: CloudFront serves what it has.
            return self._answer(entry, viewer_headers, self.clock()), HIT
        stored = self._store(policy, key, entry.path, response)
        if stored is None:
            return response, MISS
        return self._answer(stored, viewer_headers, self.clock()), MISS

    def _refresh_in_background(
        self, policy: CachePolicy, key: tuple, entry: _Entry, origin_headers: Headers, fetch: Fetch
    ) -> None:
        with self._lock:
            if entry.refreshing:
                return
            entry.refreshing = True

        def refresh() -> None:
            try:
                response = fetch(origin_headers + _validators(entry.response))
                if response.status == 304:
                    self._renew(policy, key, entry, response)
                else:
                    self._store(policy, key, entry.path, response)
            finally:
                entry.refreshing = False

        threading.Thread(target=refresh, name="edge-cache-refresh", daemon=True).start()

    # --- the store -----------------------------------------------------------------------------

    def _store(
        self, policy: CachePolicy, key: tuple, path: str, response: HttpResponse
    ) -> _Entry | None:
        now = self.clock()
        ttl, stale_window = policy.lifetime(response, now)
        if ttl <= 0 and stale_window <= 0:
            with self._lock:
                self._entries.pop(key, None)
            return None
        entry = _Entry(path, response, now, ttl, stale_window)
        with self._lock:
            self._entries[key] = entry
        return entry

    def _renew(
        self, policy: CachePolicy, key: tuple, entry: _Entry, not_modified: HttpResponse
    ) -> None:
        # A 304 may carry a new Cache-Control; otherwise the stored one still holds.
        headers = (
            not_modified.headers if directives(not_modified.headers) else entry.response.headers
        )
        probe = HttpResponse(status=entry.response.status, headers=headers, body=b"")
        entry.ttl, entry.stale_window = policy.lifetime(probe, self.clock())
        entry.stored_at = self.clock()
        with self._lock:
            self._entries[key] = entry

    def _answer(self, entry: _Entry, viewer_headers: Headers, now: float) -> HttpResponse:
        stored = entry.response
        headers = [h for h in stored.headers if h[0].lower() != "age"]
        headers.append(("age", str(int(max(0.0, now - entry.stored_at)))))
        etag = header(stored.headers, "etag")
        wanted = header(viewer_headers, "if-none-match")
        if (
            stored.status == 200
            and etag
            and wanted
            and etag in {t.strip() for t in wanted.split(",")}
        ):
            kept = [h for h in headers if h[0].lower() not in {"content-type", "content-length"}]
            return HttpResponse(status=304, headers=kept, body=b"")
        return HttpResponse(status=stored.status, headers=headers, body=stored.body)

    def _poll_invalidations(self) -> None:
        if (
            self.list_invalidations is None
            or self.clock() - self._polled_at < POLL_INVALIDATIONS_EVERY
        ):
            return
        self._polled_at = self.clock()
        try:
            invalidations = self.list_invalidations()
        except Exception:  # the emulator is away: keep serving what is cached
            log.warning("could not read the distribution's invalidations", exc_info=True)
            return
        for invalidation in invalidations:
            if invalidation["Id"] in self._seen_invalidations:
                continue
            self._seen_invalidations.add(invalidation["Id"])
            with self._lock:
                for key, entry in list(self._entries.items()):
                    if any(_matches(p, entry.path) for p in invalidation["Paths"]):
                        del self._entries[key]


def _validators(response: HttpResponse) -> Headers:
    found = [("if-none-match", header(response.headers, "etag"))]
    found.append(("if-modified-since", header(response.headers, "last-modified")))
    return [(k, v) for k, v in found if v]
