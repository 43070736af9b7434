"""`make down` for one environment: empty its buckets, destroy it, check the emulator is clean."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable

from botocore.exceptions import ClientError

from localcloud.config import Config
from localcloud.emulator.server import MotoServer
from localcloud.environment import bootstrap
from localcloud.environment.deployment import clients
from localcloud.environment.edge import stop_edge
from localcloud.environment.errors import UpError
from localcloud.environment.inventory import leftovers
from localcloud.environment.up import (
    deployment_file,
    deployment_or_none,
    drop_default_database,
    say,
    terraform_for,
    timed,
)


def down(config: Config) -> None:
    started = time.monotonic()
    if stop_edge(config):
        say("stopped the edge")
    moto = MotoServer(config)
    tf = terraform_for(config)
    running = moto.healthy()
    deployment = deployment_or_none(config)
    if tf.has_resources() and not running:
        say("the emulator is not running, so it holds nothing of this environment")
        tf.forget_state()
    elif tf.has_resources():
        tf.sync()
        _empty_buckets(config)
        tf.credentials = bootstrap.deploy_session(config, moto)
        say(timed("terraform destroy", tf.destroy) or "destroyed")
    if running and deployment is not None:
        found = leftovers(config.moto_endpoint, deployment["region"], deployment["name_prefix"])
        left = {kind: names for kind, names in found.items() if names}
        if left:
            raise UpError(f"the emulator still holds resources of {config.env}: {left}")
    (config.env_dir / "applied.json").unlink(missing_ok=True)
    deployment_file(config).unlink(missing_ok=True)
    # The embedded database goes with the environment (its media bucket is gone); a database the
    # user named in DATABASE_URL is theirs and stays.
    drop_default_database(config)
    others = sorted(
        p.name
        for p in (config.state_dir / "envs").glob("*")
        if p.name != config.env
        and (p / "deployment.json").is_file()
        and json.loads((p / "deployment.json").read_text()).get("moto_port") == config.moto_port
    )
    started_by = config.moto_dir / "started-by"
    if others:
        say(f"moto keeps running for the other environments: {', '.join(others)}")
    elif started_by.is_file() and started_by.read_text() == config.env:
        if moto.stop():
            say("stopped moto")
        started_by.unlink()
    elif running:
        say("moto keeps running: make up did not start it (make moto-down stops it)")
    say(f"down in {time.monotonic() - started:.1f}s")


def _empty_buckets(config: Config) -> None:
    deployment = deployment_or_none(config)
    if deployment is not None:
        empty_buckets(
            config.moto_endpoint, deployment["region"], deployment.get("bucket_names", {}).values()
        )


def empty_buckets(endpoint: str, region: str, buckets: Iterable[str]) -> None:
    """Versioned buckets must be emptied first: moto's S3 hangs deleting them otherwise."""
    s3 = clients(endpoint, region)["s3"]
    for bucket in buckets:
        try:
            pages = s3.get_paginator("list_object_versions").paginate(Bucket=bucket)
            for page in pages:
                objects = [
                    {"Key": v["Key"], "VersionId": v["VersionId"]}
                    for v in page.get("Versions", []) + page.get("DeleteMarkers", [])
                ]
                for i in range(0, len(objects), 1000):
                    s3.delete_objects(
                        Bucket=bucket, Delete={"Objects": objects[i : i + 1000], "Quiet": True}
                    )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "NoSuchBucket":
                raise
