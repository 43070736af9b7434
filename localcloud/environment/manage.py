"""Django commands in the environment's function: the newest published version's workers, and
its manage entry point (`make up`'s demo data and admin user, `make local-manage`)."""

from __future__ import annotations

from typing import Any

from localcloud.awslambda.function import pool_for
from localcloud.awslambda.pool import WorkerPool
from localcloud.awslambda.runtime import code_sha256, unpack_code
from localcloud.config import Config
from localcloud.environment.deployment import CodeNotDeployed, clients
from localcloud.environment.errors import UpError


def function_pool(
    config: Config,
    deployment: dict[str, Any],
    *,
    size: int = 1,
    extra_env: dict[str, str] | None = None,
) -> WorkerPool:
    """Workers running the newest published version, which the apply migrated.

    Not the alias: `make release` keeps it on the version being served until the shift.
    """
    aws = clients(config.moto_endpoint, deployment["region"])
    name = deployment["function_name"]
    published = aws["lambda"].list_versions_by_function(FunctionName=name)["Versions"]
    newest = max((v["Version"] for v in published if v["Version"].isdigit()), key=int)
    conf = aws["lambda"].get_function(FunctionName=name, Qualifier=newest)["Configuration"]
    built = code_sha256(config.lambda_zip)
    if conf["CodeSha256"] != built:
        raise CodeNotDeployed(
            f"the code was not deployed: the emulator's {conf['FunctionName']} has CodeSha256 "
            f"{conf['CodeSha256']}, dist/lambda.zip is {built}"
        )
    return pool_for(
        conf,
        code_dir=unpack_code(config.lambda_zip, conf["CodeSha256"], config.state_dir / "code"),
        region=deployment["region"],
        endpoint=config.moto_endpoint,
        size=size,
        extra_env=extra_env,
        # What the function logs (CloudWatch's part) goes next to the environment's other logs.
        log_file=config.env_dir / "function.log",
    )


def manage(pool: WorkerPool, argv: list[str]) -> str:
    """Run one management command through the handler's manage entry point."""
    result = pool.invoke({"manage": argv})
    if not result.ok:
        raise UpError(f"manage {' '.join(argv)}: the function failed: {result.error}")
    payload = result.payload or {}
    if payload.get("exit_status") != 0:
        raise UpError(
            f"manage {' '.join(argv)} exited with {payload.get('exit_status')}:\n"
            f"{payload.get('output', '')}"
        )
    return str(payload.get("output", ""))
