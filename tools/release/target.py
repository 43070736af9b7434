"""Which cloud an environment lives in, and its functions: the same commands for both.

An environment that `make up` deployed on the local cloud (`.local/envs/<env>/deployment.json`)
is reached through its emulator; any other through AWS with the caller's credentials.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config as BotoConfig

REPO_ROOT = Path(__file__).resolve().parents[2]
# Functions that serve traffic and move by the strategy, then the one that only runs commands.
SERVING_ROLES = ("web", "api")
ROLES = (*SERVING_ROLES, "manage")
# Functions an environment may have: the order pipeline's worker (its queue's event source mapping
# invokes the alias, so the alias's weights split the messages as they split requests) moves with
# web and api, step by step, where it exists.
OPTIONAL_SERVING_ROLES = ("worker",)
# The alias every caller invokes, which a release moves (modules/lambda_app's alias_name).
ALIAS = "live"


class TargetError(RuntimeError):
    """The environment cannot be found or reached; the message says what to do."""


@dataclass
class Target:
    env: str
    prefix: str
    region: str
    endpoint: str | None = None
    credentials: dict[str, str] = field(default_factory=dict)
    # Bucket names by role (storefront, assets); on AWS found from the account (modules/storage).
    bucket_names: dict[str, str] = field(default_factory=dict)
    _clients: dict[str, Any] = field(default_factory=dict, repr=False)
    _roles: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    @property
    def where(self) -> str:
        return f"the local cloud at {self.endpoint}" if self.endpoint else f"AWS {self.region}"

    def function_name(self, role: str) -> str:
        return f"{self.prefix}-{role}"

    def buckets(self) -> dict[str, str]:
        """The storefront and assets buckets: <prefix>-<role>-<account id> (modules/storage)."""
        if not self.bucket_names:
            account = self.client("sts").get_caller_identity()["Account"]
            roles = ("storefront", "assets")
            self.bucket_names = {r: f"{self.prefix}-{r}-{account}" for r in roles}
        return self.bucket_names

    def serving_roles(self) -> tuple[str, ...]:
        """web and api, and the optional functions this environment has."""
        if "serving" not in self._roles:
            present = []
            for role in OPTIONAL_SERVING_ROLES:
                try:
                    # The alias is what moves; a function invoked otherwise is not released here.
                    self.client("lambda").get_alias(
                        FunctionName=self.function_name(role), Name=ALIAS
                    )
                except self.client("lambda").exceptions.ResourceNotFoundException:
                    continue
                present.append(role)
            self._roles["serving"] = (*SERVING_ROLES, *present)
        return self._roles["serving"]

    def roles(self) -> tuple[str, ...]:
        """Every function the release moves: the serving ones, then manage."""
        return (*self.serving_roles(), "manage")

    def client(self, service: str) -> Any:
        if service not in self._clients:
            session = boto3.session.Session(region_name=self.region, **self.credentials)
            self._clients[service] = session.client(
                service,
                endpoint_url=self.endpoint,
                config=BotoConfig(
                    retries={"max_attempts": 3, "mode": "standard"},
                    # The emulator has no bucket host names.
                    s3={"addressing_style": "path"} if self.endpoint else None,
                ),
            )
        return self._clients[service]


def resolve(env: str, *, project: str = "lambda-shop", region: str | None = None) -> Target:
    state = Path(os.environ.get("LOCAL_STATE_DIR", REPO_ROOT / ".local")).resolve()
    deployment = state / "envs" / env / "deployment.json"
    if deployment.is_file():
        from localcloud.config import DUMMY_CREDENTIALS

        data = json.loads(deployment.read_text())
        return Target(
            env=env,
            prefix=data["name_prefix"],
            region=data["region"],
            endpoint=f"http://127.0.0.1:{data['moto_port']}",
            bucket_names=data["bucket_names"],
            credentials={
                "aws_access_key_id": DUMMY_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                "aws_secret_access_key": DUMMY_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            },
        )
    region = region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if not region:
        raise TargetError(
            f"environment {env!r} is not on the local cloud ({deployment} is missing) and no AWS "
            "region is set: pass REGION=... or set AWS_REGION"
        )
    return Target(env=env, prefix=f"{project}-{env}", region=region)
