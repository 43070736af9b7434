"""A pool of long-lived Lambda execution environments (worker.py processes) for one function.

Each worker imports the handler once and then serves invocations one at a time, like a warm Lambda
sandbox. The pool grows up to `size` workers as requests overlap, kills a worker whose invocation
runs past the function's timeout, and replaces workers that die.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import queue
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

WORKER_SCRIPT = Path(__file__).with_name("worker.py")
# Lambda's init phase limit for on-demand functions.
DEFAULT_INIT_TIMEOUT = 10.0


def worker_command(
    python: str | Path,
    *,
    code_dir: Path,
    handler: str,
    layers: Sequence[Path] = (),
    python_options: Sequence[str] = (),
) -> list[str]:
    """How one execution environment starts. -I: no PYTHON* variables, no user site, no cwd on
    sys.path. -B: the code directory is read-only on Lambda, so nothing compiled is ever kept."""
    argv = [str(python), "-I", "-B", *python_options, str(WORKER_SCRIPT)]
    argv += ["--code", str(code_dir), "--handler", handler]
    for layer in layers:
        argv += ["--layer", str(layer)]
    return argv


@dataclass(frozen=True)
class Invocation:
    """What an invoke returned. `status` is ok, error (the function failed), timeout or crash.

    Like Lambda's REPORT line: `duration_ms` is the handler's time, `init_ms` the init phase of
    the environment when this invocation was its first (a cold start), else None. `cpu_ms` is
    the environment's CPU time so far.
    """

    status: str
    payload: Any = None
    error: dict[str, Any] | None = None
    duration_ms: float = 0.0
    init_ms: float | None = None
    cpu_ms: float | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class WorkerStartError(RuntimeError):
    """A worker could not finish its init phase."""


class _Worker:
    _ids = itertools.count(1)

    def __init__(
        self,
        argv: Sequence[str],
        env: Mapping[str, str],
        init_timeout: float,
        log_file: Path | None = None,
        log_sink: Callable[[str], None] | None = None,
    ) -> None:
        self.id = next(self._ids)
        self._lines: queue.Queue[str | None] = queue.Queue()
        log = open(log_file, "ab") if log_file and not log_sink else None  # noqa: SIM115 - to the child
        self.proc = subprocess.Popen(
            list(argv),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            # The function's log: a file, or wherever this process logs; with a sink, through it.
            stderr=subprocess.PIPE if log_sink else log,
            env=dict(env),
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        if log is not None:
            log.close()
        threading.Thread(target=self._read, name=f"worker-{self.id}-reader", daemon=True).start()
        if log_sink:
            threading.Thread(
                target=self._copy_log,
                args=(log_file, log_sink),
                name=f"worker-{self.id}-log",
                daemon=True,
            ).start()
        started = time.monotonic()
        first = self._next(init_timeout)
        if first is None or first.get("type") != "ready":
            self.kill()
            if first is None:
                reason = (
                    f"no answer within {init_timeout:g}s"
                    if self.proc.poll() is None or time.monotonic() - started >= init_timeout
                    else f"exited with status {self.proc.returncode}"
                )
            else:
                err = first.get("error") or {}
                reason = f"{err.get('errorType')}: {err.get('errorMessage')}"
            raise WorkerStartError(f"the handler failed to initialise ({reason})")
        self.init_ms = first.get("init_ms", 0.0)
        self._cold = True

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _copy_log(self, log_file: Path | None, sink: Callable[[str], None]) -> None:
        assert self.proc.stderr is not None
        out = open(log_file, "a", encoding="utf-8") if log_file else sys.stderr  # noqa: SIM115
        try:
            for line in self.proc.stderr:
                out.write(line)
                out.flush()
                sink(line)
        finally:
            if out is not sys.stderr:
                out.close()

    def _next(self, timeout: float) -> dict[str, Any] | None:
        """The next protocol message; None on EOF or timeout."""
        try:
            line = self._lines.get(timeout=max(timeout, 0.001))
        except queue.Empty:
            return None
        if line is None:
            return None
        return json.loads(line)

    def invoke(self, event: Any, context: dict[str, Any], timeout: float) -> Invocation:
        request_id = next(self._ids)
        message = json.dumps({"id": request_id, "event": event, "context": context})
        started = time.monotonic()
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(message + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return Invocation(status="crash", error=self._exit_error())
        deadline = started + timeout
        while True:
            answer = self._next(deadline - time.monotonic())
            elapsed = (time.monotonic() - started) * 1000
            if answer is None:
                if self.proc.poll() is None and time.monotonic() >= deadline:
                    self.kill()
                    return Invocation(
                        status="timeout",
                        error={
                            "errorType": "Sandbox.Timedout",
                            "errorMessage": f"Task timed out after {timeout:.2f} seconds",
                        },
                        duration_ms=elapsed,
                    )
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(timeout=1)
                return Invocation(status="crash", error=self._exit_error(), duration_ms=elapsed)
            if answer.get("type") == "result" and answer.get("id") == request_id:
                report = {
                    "duration_ms": answer.get("duration_ms", elapsed),
                    "init_ms": self.init_ms if self._cold else None,
                    "cpu_ms": answer.get("cpu_ms"),
                }
                self._cold = False
                if answer.get("ok"):
                    return Invocation(status="ok", payload=json.loads(answer["payload"]), **report)
                return Invocation(status="error", error=answer.get("error"), **report)

    def _exit_error(self) -> dict[str, Any]:
        return {
            "errorType": "Runtime.ExitError",
            "errorMessage": f"Runtime exited with status {self.proc.poll()}",
        }

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        for stream in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(Exception):
                if stream is not None:
                    stream.close()

    def close(self) -> None:
        # EOF on stdin ends the worker's loop; a stuck one is killed.
        with contextlib.suppress(Exception):
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.kill()


class WorkerPool:
    def __init__(
        self,
        *,
        python: str,
        code_dir: Path,
        handler: str,
        env: Mapping[str, str],
        timeout: float,
        size: int = 2,
        layers: Sequence[Path] = (),
        init_timeout: float = DEFAULT_INIT_TIMEOUT,
        function_arn: str = "",
        log_file: Path | None = None,
        log_sink: Callable[[str], None] | None = None,
        python_options: Sequence[str] = (),
    ) -> None:
        if size < 1:
            raise ValueError("a worker pool needs at least one worker")
        self.timeout = timeout
        self.size = size
        self.function_arn = function_arn
        self._init_timeout = init_timeout
        self._log_file = log_file
        self._log_sink = log_sink
        self._env = dict(env)
        self._argv = worker_command(
            python,
            code_dir=code_dir,
            handler=handler,
            layers=layers,
            python_options=python_options,
        )
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._count = 0
        self._workers: set[_Worker] = set()
        self._closed = False

    def warm(self) -> None:
        """Start one worker now, so the first request does not pay the cold start."""
        with self._lock:
            if self._count >= self.size:
                return
            self._count += 1
        self._release(self._spawn_reserved())

    def _spawn_reserved(self) -> _Worker:
        """Start a worker in a slot already counted in `_count`."""
        try:
            try:
                worker = _Worker(
                    self._argv, self._env, self._init_timeout, self._log_file, self._log_sink
                )
            except WorkerStartError:
                # Lambda limits the Init phase to 10 s, then retries it within the first
                # invocation, with the function's timeout.
                worker = _Worker(
                    self._argv, self._env, max(self.timeout, self._init_timeout), self._log_file,
                    self._log_sink,
                )  # fmt: skip
        except BaseException:
            with self._lock:
                self._count -= 1
            raise
        with self._lock:
            self._workers.add(worker)
        return worker

    def _acquire(self) -> _Worker:
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                with self._lock:
                    reserved = self._count < self.size
                    if reserved:
                        self._count += 1
                if reserved:
                    return self._spawn_reserved()
                # A slot also frees up when a busy worker dies, so wait in short steps.
                try:
                    worker = self._idle.get(timeout=0.05)
                except queue.Empty:
                    continue
            if worker.alive:
                return worker
            self._discard(worker)

    def _release(self, worker: _Worker) -> None:
        if self._closed or not worker.alive:
            self._discard(worker)
            if self._closed:
                worker.close()
            return
        self._idle.put(worker)

    def _discard(self, worker: _Worker) -> None:
        with self._lock:
            if worker in self._workers:
                self._workers.discard(worker)
                self._count -= 1

    def invoke(self, event: Any) -> Invocation:
        """Run one invocation; init failures come back as status 'error' like Lambda's."""
        try:
            worker = self._acquire()
        except WorkerStartError as exc:
            return Invocation(
                status="error", error={"errorType": "Runtime.InitError", "errorMessage": str(exc)}
            )
        request_id = str(uuid.uuid4())
        context = {
            "aws_request_id": request_id,
            "deadline_ms": int((time.time() + self.timeout) * 1000),
            "invoked_function_arn": self.function_arn,
        }
        try:
            result = worker.invoke(event, context, self.timeout)
        finally:
            self._release(worker)
        if result.status in {"timeout", "crash"}:
            log.warning("worker %s: %s (%s)", worker.id, result.status, result.error)
        return result

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
            self._count = 0
        for worker in workers:
            worker.close()
