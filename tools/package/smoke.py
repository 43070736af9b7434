"""The built package run the way Lambda runs it, for its smoke tests and the cold-start benchmark.

Lambda itself cannot run here (no Docker), so the package runs in the local cloud's Lambda
runtime (localcloud.awslambda): unpacked once, by the runtime's CPython with -I -B, boto3 & co.
after the code on sys.path, in a worker that imports the handler once and then serves events.
This module only adds what a run outside any environment needs: a function configuration with
production settings, and API Gateway events as CloudFront forwards them.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from localcloud.apigateway.events import make_v2_event
from localcloud.awslambda.function import pool_for
from localcloud.awslambda.pool import WorkerPool
from localcloud.awslambda.runtime import Runtime
from tools.package.target import Target

PUBLIC_HOST = "shop.example.test"
API_HOST = "abc123.execute-api.eu-west-1.amazonaws.com"
REGION = "eu-west-1"
# Room for a cold migrate on a busy machine; Lambda allows up to 900 s.
TIMEOUT_SECONDS = 300
# Lambda's 10 s init limit is for AWS's hosts; a loaded test machine gets more.
INIT_TIMEOUT_SECONDS = 60.0


class SmokeError(RuntimeError):
    """The package failed where Lambda would have run it."""


def function_configuration(target: Target, database_url: str, **variables: str) -> dict[str, Any]:
    """GetFunction's Configuration of the web function with production settings."""
    name = "lambda-shop"
    return {
        "FunctionName": name,
        "FunctionArn": f"arn:aws:lambda:{REGION}:123456789012:function:{name}",
        "Runtime": target.runtime,
        "Architectures": [target.arch],
        "Handler": "lambda_handler.handler",
        "Timeout": TIMEOUT_SECONDS,
        "MemorySize": 1024,
        "Environment": {
            "Variables": {
                "DJANGO_ENV": "production",
                "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
                "DJANGO_ALLOWED_HOSTS": PUBLIC_HOST,
                "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{PUBLIC_HOST}",
                "DATABASE_URL": database_url,
                **variables,
            }
        },
    }


def http_event(path: str, *, query: str = "") -> dict[str, Any]:
    """A GET through CloudFront to the HTTP API: the viewer's host in X-Forwarded-Host."""
    return make_v2_event(
        path=path,
        query=query,
        domain_name=API_HOST,
        headers={"x-forwarded-host": PUBLIC_HOST, "user-agent": "lambda-shop-smoke"},
    )


def start(
    config: dict[str, Any],
    code_dir: Path,
    runtime: Runtime,
    *,
    log_file: Path | None = None,
    python_options: tuple[str, ...] = (),
) -> WorkerPool:
    """One execution environment for `config`; its first invoke is a cold start."""
    return pool_for(
        config,
        code_dir=code_dir,
        region=REGION,
        runtime=runtime,
        log_file=log_file,
        python_options=python_options,
        init_timeout=INIT_TIMEOUT_SECONDS,
    )


def invoke_all(pool: WorkerPool, events: Iterable[dict[str, Any]]) -> list[Any]:
    """Each event's result, in order, from the pool's (warm) environment."""
    results = []
    for event in events:
        invocation = pool.invoke(event)
        if not invocation.ok:
            raise SmokeError(f"the package failed ({invocation.status}): {invocation.error}")
        results.append(invocation.payload)
    return results
