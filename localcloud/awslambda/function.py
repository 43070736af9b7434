"""A function's execution environments, from its configuration as Lambda's GetFunction returns it.

The one place that turns a configuration (Runtime, Handler, Timeout, Environment, ...) into the
process environment Lambda gives the handler and a pool of workers running it: used by the edge,
`make up`'s management commands, moto's Invoke (emulator.ext.awslambda), the package's smoke
tests and the cold-start benchmark.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from localcloud.awslambda.pool import DEFAULT_INIT_TIMEOUT, WorkerPool
from localcloud.awslambda.runtime import Runtime, prepare_runtime
from localcloud.config import DUMMY_CREDENTIALS
from localcloud.rds.server import RUNTIME_ENVIRONMENT as RDS_RUNTIME_ENVIRONMENT


def lambda_environment(
    config: Mapping[str, Any], *, region: str, code_dir: Path, endpoint: str | None = None
) -> dict[str, str]:
    """The function's variables plus what Lambda sets (which a function cannot override).

    With an `endpoint`, SDKs in the function reach the emulator (AWS_ENDPOINT_URL) instead of AWS,
    and PostgreSQL clients the local database server.
    """
    env = dict((config.get("Environment") or {}).get("Variables") or {})
    name = config["FunctionName"]
    env.update(
        {
            "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
            "LANG": "en_US.UTF-8",
            "TZ": ":UTC",
            "_HANDLER": config["Handler"],
            "AWS_REGION": region,
            "AWS_DEFAULT_REGION": region,
            "AWS_EXECUTION_ENV": f"AWS_Lambda_{config['Runtime']}",
            "AWS_LAMBDA_FUNCTION_NAME": name,
            "AWS_LAMBDA_FUNCTION_VERSION": str(config.get("Version", "$LATEST")),
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(config.get("MemorySize", 128)),
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{name}",
            "AWS_LAMBDA_LOG_STREAM_NAME": "local",
            "LAMBDA_TASK_ROOT": str(code_dir),
            "LAMBDA_RUNTIME_DIR": str(code_dir),
            **DUMMY_CREDENTIALS,
        }
    )
    if endpoint:
        env["AWS_ENDPOINT_URL"] = endpoint
        # and libpq reaches the emulated database cluster's endpoint (localcloud.rds).
        env.update(RDS_RUNTIME_ENVIRONMENT)
    return env


def function_runtime(config: Mapping[str, Any], *, cache_dir: Path | None = None) -> Runtime:
    """The configured runtime (e.g. python3.13) on the configured architecture."""
    architecture = (config.get("Architectures") or ["x86_64"])[0]
    return prepare_runtime(config["Runtime"], architecture, cache_dir=cache_dir)


def pool_for(
    config: Mapping[str, Any],
    *,
    code_dir: Path,
    region: str,
    endpoint: str | None = None,
    runtime: Runtime | None = None,
    size: int = 1,
    extra_env: Mapping[str, str] | None = None,
    log_file: Path | None = None,
    log_sink: Callable[[str], None] | None = None,
    function_arn: str | None = None,
    python_options: tuple[str, ...] = (),
    init_timeout: float | None = None,
) -> WorkerPool:
    """Workers running the function version `config` describes, from its unpacked `code_dir`.

    Lambda gives the init phase 10 s, then, when that runs out, retries init inside the first
    invocation under the function's own timeout: so an init may take up to the longer of both.
    """
    runtime = runtime or function_runtime(config)
    env = lambda_environment(config, region=region, code_dir=code_dir, endpoint=endpoint)
    env.update(extra_env or {})
    return WorkerPool(
        python=str(runtime.python),
        code_dir=code_dir,
        handler=config["Handler"],
        env=env,
        timeout=float(config.get("Timeout", 3)),
        size=size,
        layers=runtime.layers,
        function_arn=function_arn or config.get("FunctionArn", ""),
        log_file=log_file,
        log_sink=log_sink,
        python_options=python_options,
        init_timeout=init_timeout
        if init_timeout is not None
        else max(DEFAULT_INIT_TIMEOUT, float(config.get("Timeout", 3))),
    )
