"""`make up` for one environment on the emulator, and the state `make down` (`down`) shares."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from botocore.exceptions import ClientError

from localcloud.awslambda.runtime import code_sha256
from localcloud.config import Config
from localcloud.emulator.server import MotoServer
from localcloud.environment import bootstrap
from localcloud.environment.deployment import clients
from localcloud.environment.edge import start_edge
from localcloud.environment.errors import UpError
from localcloud.environment.manage import function_pool, manage
from localcloud.environment.terraform import EmulatorTerraform
from localcloud.rds import server as rds_server
from localcloud.rds.standin import stand_in
from tools.release import assets

ADMIN_USERNAME = "admin"


def say(message: str) -> None:
    print(f"localcloud: {message}", file=sys.stderr, flush=True)


def timed(label: str, action: Callable[[], Any]) -> Any:
    started = time.monotonic()
    result = action()
    say(f"{label} ({time.monotonic() - started:.1f}s)")
    return result


def root_variables(config: Config) -> dict[str, Any]:
    """Machine-specific root inputs of an emulator environment (the rest is local.tfvars)."""
    origins = [f"http://127.0.0.1:{config.edge_port}", f"http://localhost:{config.edge_port}"]
    return {
        "env": config.env,
        "lambda_zip_path": str(config.lambda_zip),
        "static_dir": str(config.dist_dir / "static"),
        "storefront_dir": str(config.dist_dir / "storefront"),
        # The cluster listens where the environment's local PostgreSQL server does.
        "database_port": rds_server.local_server(config).port,
        # The real TLS-only bucket policies: the emulator evaluates them as AWS does (see
        # localcloud.emulator.ext.iam).
        "s3_deny_insecure_transport": True,
        # The shop's public host is the local edge, not the distribution's domain name.
        "extra_environment": {
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_CSRF_TRUSTED_ORIGINS": ",".join(origins),
        },
    }


def terraform_for(config: Config) -> EmulatorTerraform:
    environments = config.repo_root / "environments"
    return EmulatorTerraform(
        config,
        variables=root_variables(config),
        # Preview's shape, with local.tfvars changing only what the emulator cannot do.
        var_files=[environments / f for f in ("common.tfvars", "preview.tfvars", "local.tfvars")],
    )


def deployment_file(config: Config) -> Path:
    return config.env_dir / "deployment.json"


def read_deployment(config: Config) -> dict[str, Any]:
    try:
        return json.loads(deployment_file(config).read_text())
    except FileNotFoundError:
        raise UpError(
            f"environment {config.env!r} is not deployed on the emulator; run `make up`"
        ) from None


def admin_credentials(config: Config) -> tuple[str, str]:
    """The local admin login, kept in .local (mode 0600) with the database it was created in.

    ADMIN_USER and ADMIN_PASSWORD (make passes `make run`'s defaults) choose it when the database
    is new; without them the password is generated. An existing admin is never changed, so the
    login recorded first is the one that works.
    """
    path = config.env_dir / "admin.json"
    if path.is_file():
        data = json.loads(path.read_text())
        return data["username"], data["password"]
    username = os.environ.get("ADMIN_USER") or ADMIN_USERNAME
    password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump({"username": username, "password": password}, handle)
    return username, password


def drop_default_database(config: Config) -> None:
    if rds_server.remove(config):
        # The admin user went with it; the next one may get another login.
        (config.env_dir / "admin.json").unlink(missing_ok=True)
        say("removed the environment's database")


def deployment_or_none(config: Config) -> dict[str, Any] | None:
    try:
        return read_deployment(config)
    except UpError:
        return None


# --- up ----------------------------------------------------------------------------------------


def up(config: Config) -> None:
    started = time.monotonic()
    if not config.lambda_zip.is_file():
        raise UpError(f"{config.lambda_zip} is missing: run `make build` first")
    if shutil.which("terraform") is None:
        raise UpError("terraform is not on PATH: install Terraform 1.11 or later")
    config.env_dir.mkdir(parents=True, exist_ok=True)
    moto = MotoServer(config)
    if timed("emulator", moto.start):
        say(f"started moto on {config.moto_endpoint}")
        # make down stops moto only if this environment's make up started it.
        (config.moto_dir / "started-by").write_text(config.env)
    tf = terraform_for(config)
    _apply(config, moto, tf)
    outputs = tf.outputs()
    deployment = {
        "env": config.env,
        "moto_port": config.moto_port,
        "name_prefix": outputs["name_prefix"],
        "region": outputs["region"],
        "distribution_id": outputs["cloudfront_distribution_id"],
        "function_name": outputs["web_function_name"],
        "function_alias": outputs["web_function_alias"],
        "bucket_names": outputs["bucket_names"],
        "api_id": outputs["api_id"],
    }
    deployment_file(config).write_text(json.dumps(deployment, indent=2) + "\n")
    _check_uploads(config, deployment)
    timed(
        "database",
        lambda: stand_in(config, region=outputs["region"], endpoint=outputs["database_endpoint"]),
    )
    timed("demo data and admin user", lambda: _manage_all(config, deployment))
    timed("edge", lambda: start_edge(config))
    user, password = admin_credentials(config)
    say(f"up in {time.monotonic() - started:.1f}s")
    # What the local SES "sent" (order confirmations): moto keeps it, make local-mail prints it.
    mail = "make local-mail" + ("" if config.env == "local" else f" LOCAL_ENV={config.env}")
    if config.moto_port != 4566:
        mail += f" MOTO_PORT={config.moto_port}"
    print(
        # As the README shows it.
        f"\nShop:  {config.edge_url}/\nAdmin: {config.edge_url}/admin/  ({user} / {password})\n"
        f"Mail:  {mail}\n",
        flush=True,
    )


def _apply(config: Config, moto: MotoServer, tf: EmulatorTerraform) -> None:
    stamp = config.env_dir / "applied.json"
    instance = moto.instance_id()
    try:
        last = json.loads(stamp.read_text())
    except (FileNotFoundError, ValueError):
        last = {}
    if instance is None:
        # A moto started elsewhere: whether it is the one the state was applied to, only it knows.
        restarted = not _emulator_holds_deployment(config)
    else:
        restarted = last.get("moto") != instance
    if tf.has_resources() and restarted:
        # moto keeps everything in memory: a restarted emulator holds none of the state's resources.
        say("the emulator restarted since the last apply; starting from empty state")
        tf.forget_state()
    if not tf.has_resources():
        # New buckets hold no media: a database left from an earlier life would point at nothing.
        drop_default_database(config)
    tf.sync()
    code = code_sha256(config.lambda_zip)
    fingerprint = tf.fingerprint(
        code, _tree_digest(config.dist_dir / "static"), _tree_digest(config.dist_dir / "storefront")
    )
    if not restarted and last.get("fingerprint") == fingerprint and tf.has_resources():
        say("terraform: nothing changed since the last apply")
        return
    # Until the apply succeeds nothing is known to be applied, but it is still this emulator's.
    stamp.write_text(json.dumps({"moto": instance}) + "\n")
    tf.credentials = timed("bootstrap, deploy role", lambda: bootstrap.deploy_session(config, moto))
    # Cheap next to an apply, and a changed module call or provider pin needs it.
    timed("terraform init", tf.init)
    # The previous release's hashed files stay for the old version's pages (tools/release/assets).
    tf.forget(assets.retired(tf.state(), root=tf.root))
    summary = timed("terraform apply", tf.apply)
    say(summary or "applied")
    stamp.write_text(json.dumps({"moto": instance, "fingerprint": fingerprint}) + "\n")


def _emulator_holds_deployment(config: Config) -> bool:
    deployment = deployment_or_none(config)
    if deployment is None:
        return False
    aws = clients(config.moto_endpoint, deployment["region"])
    try:
        aws["lambda"].get_function(FunctionName=deployment["function_name"])
        aws["cloudfront"].get_distribution(Id=deployment["distribution_id"])
    except ClientError:
        return False
    return True


def _tree_digest(root: Path) -> str:
    if not root.is_dir():
        return "absent"
    entries = [
        f"{p.relative_to(root)}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
        for p in sorted(root.rglob("*"))
        if p.is_file()
    ]
    return "\n".join(entries)


def _check_uploads(config: Config, deployment: dict[str, Any]) -> None:
    """Terraform uploads the storefront and static files; make sure they are there."""
    s3 = clients(config.moto_endpoint, deployment["region"])["s3"]
    buckets = deployment["bucket_names"]
    checks = {
        buckets["storefront"]: ("index.html", config.dist_dir / "storefront"),
        buckets["assets"]: ("static/", config.dist_dir / "static"),
    }
    for bucket, (prefix, source) in checks.items():
        if not source.is_dir():
            continue
        found = s3.list_objects_v2(Bucket=bucket, Prefix=prefix, MaxKeys=1).get("KeyCount", 0)
        if not found:
            raise UpError(f"s3://{bucket}/{prefix} is empty after the apply: the upload failed")


def _manage_all(config: Config, deployment: dict[str, Any]) -> None:
    user, password = admin_credentials(config)
    pool = function_pool(config, deployment)
    try:
        # The apply ran migrate in this version (terraform/deploy.tf), before any alias moved.
        say(manage(pool, ["load_demo"]).strip())
        manage(pool, ["ensure_admin", "--username", user, "--password", password])
    finally:
        pool.close()
