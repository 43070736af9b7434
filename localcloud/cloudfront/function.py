"""Run a CloudFront Function's viewer-request handler in a real JavaScript engine: V8, by node's vm.

The local edge reads the function's LIVE code back from the emulator and executes it here, so the
deployed function (not an assumption about it) decides what reaches the origin. Each function gets
one persistent node process running `runner.js`; every event runs in a fresh context (strict mode,
no eval, CloudFront's modules crypto, querystring and buffer), its console.log lines go to this
module's log. Why node and not njs: localcloud/README.md.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import select
import shutil
import subprocess
import threading
import time
import weakref
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

RUNNER = Path(__file__).with_name("runner.js")
# CloudFront publishes its limit only as "compute utilization", a share of an unpublished budget
# (about a millisecond); a wall-clock second on a shared machine catches runaway code, nothing else.
MAX_EXECUTION_SECONDS = 1.0
# Beyond the engine's own timeout: the process itself is stuck (or gone), so it is killed.
_GRACE_SECONDS = 5.0


class FunctionLoadError(RuntimeError):
    """The code cannot become a function (syntax error, no handler, no node on this machine)."""


class FunctionRuntimeError(RuntimeError):
    """The function failed while running: it threw, ran too long, or returned nothing usable."""


class _EngineGone(Exception):
    pass


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    for pipe in (proc.stdin, proc.stdout):
        if pipe is not None:
            with contextlib.suppress(OSError):  # unflushed input to a process already gone
                pipe.close()


class _Engine:
    """One node process speaking runner.js's line protocol."""

    def __init__(self, node: str, timeout: float) -> None:
        self.proc = subprocess.Popen(
            [node, str(RUNNER), str(round(timeout * 1000))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.timeout = timeout
        self._pending = b""
        self._finalizer = weakref.finalize(self, _stop, self.proc)

    def ask(self, message: dict[str, Any]) -> dict[str, Any] | None:
        """The answer to `message`, or None when the process does not answer in time."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write(json.dumps(message).encode("utf-8") + b"\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            raise _EngineGone from None
        deadline = time.monotonic() + self.timeout + _GRACE_SECONDS
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._pending:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise _EngineGone
            self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        return json.loads(line)

    def close(self) -> None:
        self._finalizer()


class CloudFrontFunction:
    """Loaded code: `run(event)` returns what `handler` returns (a request, a response, or None)."""

    def __init__(
        self, code: str, *, name: str = "function", timeout: float = MAX_EXECUTION_SECONDS
    ) -> None:
        self.name = name
        self.code = code
        self.timeout = timeout
        self._lock = threading.Lock()
        self._engine: _Engine | None = None
        with self._lock:
            self._start()

    def _start(self) -> _Engine:
        node = shutil.which("node")
        if node is None:
            raise FunctionLoadError(
                "node is not installed: `make node-deps` installs it (the local edge runs "
                "CloudFront Functions in node's V8)"
            )
        engine = _Engine(node, self.timeout)
        try:
            answer = engine.ask({"code": self.code})
        except _EngineGone:
            answer = {"error": "node exited while loading it"}
        if answer is None or answer.get("timeout"):
            answer = {"error": f"its top-level code ran longer than {self.timeout:g} s"}
        if "error" in answer:
            engine.close()
            raise FunctionLoadError(f"CloudFront function {self.name!r}: {answer['error']}")
        self._engine = engine
        return engine

    def run(self, event: dict[str, Any]) -> Any:
        with self._lock:
            engine = self._engine or self._start()
            try:
                answer = engine.ask({"event": event})
            except _EngineGone:
                answer = {"error": "node exited while running it"}
                self._discard()
            if answer is None:
                self._discard()  # stuck beyond the engine's own timeout: only a kill helps
        for line in (answer or {}).get("logs", ()):
            log.info("CloudFront function %s: %s", self.name, line)
        if answer is None or answer.get("timeout"):
            raise FunctionRuntimeError(
                f"{self.name}: exceeded the maximum execution time ({self.timeout:g} s)"
            )
        if "error" in answer:
            raise FunctionRuntimeError(f"{self.name}: {answer['error']}")
        return answer.get("result")

    def _discard(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine = None

    def close(self) -> None:
        with self._lock:
            self._discard()


def _add(entries: dict[str, dict[str, Any]], name: str, value: str) -> None:
    """CloudFront's shape: `value` is the first, `multiValue` lists all when there are several."""
    entry = entries.get(name)
    if entry is None:
        entries[name] = {"value": value}
        return
    entry.setdefault("multiValue", [{"value": entry["value"]}]).append({"value": value})


def viewer_request_event(
    *,
    method: str,
    uri: str,
    query: list[tuple[str, str]],
    headers: list[tuple[str, str]],
    client_ip: str,
    distribution_id: str,
    distribution_domain: str,
    request_id: str,
) -> dict[str, Any]:
    """The cloudfront-js-2.0 event of a viewer request (headers lowercased, cookies split out)."""
    header_map: dict[str, dict[str, Any]] = {}
    cookies: dict[str, dict[str, Any]] = {}
    for name, value in headers:
        key = name.lower()
        if key != "cookie":
            _add(header_map, key, value)
            continue
        for part in value.split(";"):
            cname, _, cvalue = part.strip().partition("=")
            if cname:
                _add(cookies, cname, cvalue)
    querystring: dict[str, dict[str, Any]] = {}
    for name, value in query:
        _add(querystring, name, value)
    return {
        "version": "1.0",
        "context": {
            "distributionDomainName": distribution_domain,
            "distributionId": distribution_id,
            "eventType": "viewer-request",
            "requestId": request_id,
        },
        "viewer": {"ip": client_ip},
        "request": {
            "method": method,
            "uri": uri,
            "querystring": querystring,
            "headers": header_map,
            "cookies": cookies,
        },
    }
