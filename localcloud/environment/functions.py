"""The functions an HTTP API route invokes, as the local edge runs them.

A route names an alias (`live`): an `AliasRouter` splits its requests by the alias's routing
configuration, one worker pool per version. The newest published version must be the built zip
(Terraform deployed it); the alias may still serve, or shift from, an older version, whose code
this machine unpacked when it was deployed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError

from localcloud.apigateway.http_api import FunctionTarget
from localcloud.awslambda.alias import AliasRouter
from localcloud.awslambda.cwlogs import LogShipper
from localcloud.awslambda.function import pool_for
from localcloud.awslambda.metrics import MetricsPublisher
from localcloud.awslambda.pool import WorkerPool
from localcloud.awslambda.runtime import Runtime, unpack_code, unpacked_code
from localcloud.iam.policy import ResourcePolicy


class CodeNotDeployed(RuntimeError):
    """The emulator's function code is not the package in dist/."""


class DeploymentError(RuntimeError):
    """The deployment cannot be served by the local edge."""


@dataclass(frozen=True)
class FunctionRef:
    name: str
    qualifier: str | None
    arn: str


def function_target(
    fn: Any,
    function: FunctionRef,
    *,
    built: str | None,
    zip_path: Path,
    code_root: Path,
    workers: int,
    runtime_override: Runtime | None,
    endpoint: str,
    region: str,
    extra_env: Mapping[str, str],
    logs: Any = None,
    metrics: MetricsPublisher | None = None,
) -> FunctionTarget:
    """A function the API invokes, checked against the built zip, with its worker pools."""
    kwargs = {"FunctionName": function.name}
    if function.qualifier:
        kwargs["Qualifier"] = function.qualifier
    config = fn.get_function(**kwargs)["Configuration"]
    latest = fn.get_function(FunctionName=function.name)["Configuration"]
    if latest["CodeSha256"] != built:
        raise CodeNotDeployed(
            f"the code was not deployed: {function.name} runs CodeSha256 {latest['CodeSha256']}, "
            f"but {zip_path} is {built or 'missing'}. Run `make up` to build and deploy it."
        )
    concurrency = fn.get_function_concurrency(FunctionName=function.name).get(
        "ReservedConcurrentExecutions"
    )
    if concurrency == 0:
        raise DeploymentError(f"{function.name} has reserved concurrency 0: it is throttled")

    def pool_for_version(version: dict[str, Any]) -> WorkerPool:
        sha = version["CodeSha256"]
        code_dir = (
            unpack_code(zip_path, sha, code_root) if sha == built else unpacked_code(sha, code_root)
        )
        if code_dir is None:
            raise DeploymentError(
                f"{function.name} version {version['Version']} runs code {sha}, which was never "
                f"unpacked in {code_root}: deploy it with make up first"
            )
        return pool_for(
            version,
            code_dir=code_dir,
            region=region,
            endpoint=endpoint,
            runtime=runtime_override,
            size=min(workers, concurrency) if concurrency else workers,
            extra_env=extra_env,
            function_arn=function.arn,
            # What the function prints reaches the emulator's CloudWatch Logs too (make logs).
            log_sink=LogShipper(
                logs, group=f"/aws/lambda/{function.name}", version=version["Version"]
            )
            if logs is not None
            else None,
        )

    alias = function.qualifier if function.qualifier and not function.qualifier.isdigit() else None
    pool: WorkerPool | AliasRouter
    if alias and config["Version"] != "$LATEST":
        pool = AliasRouter(
            lambda_client=fn,
            function=function.name,
            alias=alias,
            pool_for_version=pool_for_version,
            on_invoke=(lambda v, inv: metrics.record(function.name, alias, v, inv))
            if metrics is not None
            else None,
        )
    else:
        pool = pool_for_version(config)
    return FunctionTarget(
        arn=function.arn,
        policy=_function_policy(fn, kwargs),
        arns=tuple({function.arn, config["FunctionArn"]}),
        pool=pool,
    )


def _function_policy(fn: Any, kwargs: dict[str, str]) -> ResourcePolicy:
    try:
        return ResourcePolicy.parse(fn.get_policy(**kwargs)["Policy"])
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
            return ResourcePolicy(statements=())
        raise
