"""A Lambda execution environment for one function: run by the function's runtime interpreter.

Started as `python3.X -I -B worker.py --code DIR [--layer DIR] --handler module.func` (see
pool.worker_command). It imports the handler once (the init phase), then answers invocations
speaking JSON lines: one request object per line on stdin, one answer per line on the original
stdout. Whatever the handler prints goes to stderr, as Lambda sends it to the function's log.

Standard library only, and no import of `localcloud`: this file runs under the runtime's Python
(e.g. 3.13), not under the project's virtualenv. It imports as little as it can (no argparse),
because its own start-up is part of every cold start the benchmark measures.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any


class LambdaContext:
    """The attributes and method of the Python runtime's context object that handlers use."""

    def __init__(self, info: dict[str, Any]) -> None:
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")
        self.invoked_function_arn = info.get("invoked_function_arn", "")
        self.aws_request_id = info.get("aws_request_id", "")
        self.identity = None
        self.client_context = None
        self._deadline_ms = int(info.get("deadline_ms", 0))

    def get_remaining_time_in_millis(self) -> int:
        return max(0, self._deadline_ms - int(time.time() * 1000))


def _error(exc: BaseException) -> dict[str, Any]:
    import traceback

    return {
        "errorType": type(exc).__name__,
        "errorMessage": str(exc),
        "stackTrace": traceback.format_exception(exc)[1:],
    }


def _load_handler(spec: str) -> Any:
    import importlib

    module_name, _, func_name = spec.rpartition(".")
    if not module_name:
        raise ValueError(f"Bad handler {spec!r}: expected module.function")
    module = importlib.import_module(module_name)
    try:
        return getattr(module, func_name)
    except AttributeError:
        raise AttributeError(f"Handler {func_name!r} missing on module {module_name!r}") from None


def _arguments(argv: list[str]) -> tuple[str, str, list[str]]:
    """--code DIR --handler SPEC [--layer DIR]...: code directory, handler, layers."""
    options: dict[str, list[str]] = {"--code": [], "--handler": [], "--layer": []}
    pairs = iter(argv)
    for flag in pairs:
        value = next(pairs, None)
        if flag not in options or value is None:
            raise SystemExit(f"worker.py: bad arguments {argv!r}")
        options[flag].append(value)
    if len(options["--code"]) != 1 or len(options["--handler"]) != 1:
        raise SystemExit("worker.py: needs exactly one --code and one --handler")
    return options["--code"][0], options["--handler"][0], options["--layer"]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def main(argv: list[str] | None = None) -> int:
    code, handler_spec, layers = _arguments(sys.argv[1:] if argv is None else argv)

    # The protocol keeps the real stdout; anything else writing to fd 1 lands in the log.
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    # Like /var/task first and the runtime's own packages (boto3) last.
    sys.path[:0] = [code]
    sys.path.extend(layers)
    os.chdir(code)

    def send(message: dict[str, Any]) -> None:
        protocol.write(json.dumps(message, separators=(",", ":")) + "\n")
        protocol.flush()

    started = time.perf_counter()
    try:
        handler = _load_handler(handler_spec)
    except BaseException as exc:  # an init failure is reported, whatever it is
        send({"type": "init_error", "error": _error(exc)})
        return 1
    send({"type": "ready", "init_ms": _ms(time.perf_counter() - started)})

    for line in sys.stdin:
        request = json.loads(line)
        context = LambdaContext(request.get("context") or {})
        print(f"START RequestId: {context.aws_request_id}", file=sys.stderr, flush=True)
        begun = time.perf_counter()
        answer: dict[str, Any] = {"type": "result", "id": request["id"]}
        try:
            # Serialised here: a result that is not JSON is the function's error, as on Lambda.
            payload = json.dumps(handler(request["event"], context))
        except BaseException as exc:  # Lambda reports any failure as a function error
            import traceback

            traceback.print_exception(exc, file=sys.stderr)
            answer.update(ok=False, error=_error(exc))
        else:
            answer.update(ok=True, payload=payload)
        took = time.perf_counter() - begun
        # CPU time of the whole process so far: less sensitive than wall time to a busy host.
        answer.update(duration_ms=_ms(took), cpu_ms=_ms(time.process_time()))
        print(
            f"END RequestId: {context.aws_request_id} Duration: {took * 1000:.1f} ms",
            file=sys.stderr,
            flush=True,
        )
        send(answer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
