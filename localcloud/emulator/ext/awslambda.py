"""Lambda Invoke runs the function's code, in the local cloud's Lambda runtime.

moto executes a function only inside Docker, which this machine does not have: without it every
Invoke answers an error about Docker. This patch runs the invoked version (a Qualifier names a
version or an alias, as on AWS) from the zip moto stored, in localcloud.awslambda: the runtime's
CPython (pyenv), the version's environment variables, credentials of its execution role (assumed
in moto's own STS, so the function acts as its role), and AWS_ENDPOINT_URL back to this emulator.
The result or FunctionError comes back as Lambda's does. Terraform's aws_lambda_invocation and
moto's event source mappings (SQS) go through the same method, so they run the handler too.

The moto server runs under the project's virtualenv; the runtime is found the way the package
build finds it (tools.package.target: LAMBDA_PYTHON, PATH, pyenv's versions), its boto3 layer
comes from the build cache (BUILD_CACHE_DIR, default .local/build-cache).
"""

from __future__ import annotations

import base64
import json
import os
import threading
from pathlib import Path
from typing import Any

from moto.awslambda.models import LambdaFunction
from moto.awslambda.responses import LambdaResponse
from moto.sts.models import sts_backends
from moto.utilities.utils import get_partition

from localcloud.awslambda.function import pool_for
from localcloud.awslambda.pool import Invocation, WorkerPool
from localcloud.awslambda.runtime import RuntimeSetupError, unpack_code
from localcloud.config import state_root

# Where a moto started by `python -m localcloud.emulator` is reached (set from its arguments).
ENDPOINT_VARIABLE = "LOCALCLOUD_EMULATOR_ENDPOINT"
# Warm execution environments per function version.
POOL_SIZE = 2
# Lambda returns the last 4 KB of the log with LogType=Tail.
LOG_TAIL_BYTES = 4096

_INSTALLED = False
_lock = threading.Lock()
# Function version ARN -> (its configuration as JSON, the pool running it).
_pools: dict[str, tuple[str, WorkerPool]] = {}


def _code_root() -> Path:
    # Shared with `make up`'s own unpacks: one directory per CodeSha256.
    return state_root() / "code"


def _log_file(fn: LambdaFunction) -> Path:
    return state_root() / "moto" / "function-logs" / f"{fn.function_name}.log"


def _role_credentials(fn: LambdaFunction) -> dict[str, str]:
    """Temporary credentials of the execution role, as Lambda gives every function."""
    sts = sts_backends[fn.account_id][get_partition(fn.region)]
    role = sts.assume_role(
        region_name=fn.region,
        role_session_name=fn.function_name[:64],
        role_arn=fn.role,
        policy="",
        duration=43200,
        external_id="",
    )
    return {
        "AWS_ACCESS_KEY_ID": role.access_key_id,
        "AWS_SECRET_ACCESS_KEY": role.secret_access_key,
        "AWS_SESSION_TOKEN": role.session_token,
    }


def _pool(fn: LambdaFunction) -> WorkerPool:
    config = fn.get_configuration()
    fingerprint = json.dumps(config, sort_keys=True, default=str)
    with _lock:
        known = _pools.get(fn.function_arn)
        if known and known[0] == fingerprint:
            return known[1]
        if known:
            known[1].close()  # $LATEST changed: new code or configuration
        if config.get("PackageType") == "Image" or not fn.code_bytes:
            raise RuntimeSetupError(f"{fn.function_name} has no zip package to run")
        log_file = _log_file(fn)
        log_file.parent.mkdir(parents=True, exist_ok=True)
        pool = pool_for(
            config,
            code_dir=unpack_code(fn.code_bytes, fn.code_sha_256, _code_root()),
            region=fn.region,
            endpoint=os.environ.get(ENDPOINT_VARIABLE),
            size=POOL_SIZE,
            extra_env=_role_credentials(fn),
            log_file=log_file,
        )
        _pools[fn.function_arn] = (fingerprint, pool)
        return pool


def run(fn: LambdaFunction, event: Any) -> Invocation:
    try:
        pool = _pool(fn)
    except RuntimeSetupError as exc:
        return Invocation(
            status="error", error={"errorType": "Runtime.Unavailable", "errorMessage": str(exc)}
        )
    return pool.invoke(event)


def _log_tail(fn: LambdaFunction) -> str:
    path = _log_file(fn)
    try:
        with open(path, "rb") as handle:
            handle.seek(max(0, path.stat().st_size - LOG_TAIL_BYTES))
            tail = handle.read()
    except OSError:
        tail = b""
    return base64.b64encode(tail).decode("ascii")


def _invoke(self: LambdaFunction, body: str, request_headers: Any, response_headers: Any) -> bytes:
    event = json.loads(body) if body else {}
    invocation_type = (request_headers or {}).get("x-amz-invocation-type", "RequestResponse")
    if invocation_type == "DryRun":
        return b""
    if invocation_type == "Event":
        # Accepted now, run after the answer, as Lambda's asynchronous invocation does.
        threading.Thread(target=run, args=(self, event), daemon=True).start()
        return b""
    result = run(self, event)
    response_headers["x-amz-executed-version"] = str(self.version)
    response_headers["x-amz-log-result"] = _log_tail(self)
    if result.ok:
        return json.dumps(result.payload).encode("utf-8")
    response_headers["x-amz-function-error"] = "Unhandled"
    return json.dumps(result.error).encode("utf-8")


_response_invoke = LambdaResponse.invoke


def _invoke_response(self: LambdaResponse) -> Any:
    # moto 5.2 reads the qualifier as "qualifier", but the API (and boto3) send "Qualifier", so
    # every Invoke ran $LATEST whatever version or alias it named.
    qualifier = self._get_param("Qualifier")
    if qualifier is not None:
        read = self._get_param
        self._get_param = lambda name, if_none=None: (  # type: ignore[method-assign]
            qualifier if name == "qualifier" else read(name, if_none)
        )
    return _response_invoke(self)


def install() -> None:
    global _INSTALLED
    if _INSTALLED:
        return
    LambdaFunction.invoke = _invoke
    LambdaResponse.invoke = _invoke_response
    _INSTALLED = True
