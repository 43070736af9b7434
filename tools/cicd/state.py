"""Environments as the Terraform state bucket sees them: one key prefix per environment."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tools import envname

# The S3 backend stores every environment under `<prefix><env>/`; the trailing slash matters,
# otherwise `pr-1` would also match `pr-10`.
DEFAULT_KEY_PREFIX = "env/"
DEFAULT_STATE_NAME = "terraform.tfstate"

PREVIEW_RE = re.compile(r"^pr-([1-9][0-9]*)$")
# Long-lived environments whose state must never be removed by a tool.
PROTECTED_ENVS = frozenset({"main", "staging", "production", "prod"})

_DELETE_BATCH = 1000  # S3 DeleteObjects limit


class StateError(RuntimeError):
    """A state operation that must not go ahead; the message says why."""


@dataclass(frozen=True)
class EnvState:
    name: str
    state_key: str
    last_modified: datetime | None  # None: prefix exists but holds no state object

    @property
    def pr_number(self) -> int | None:
        match = PREVIEW_RE.match(self.name)
        return int(match.group(1)) if match else None


def validate_env_name(env: str) -> str:
    """The Terraform root's own rule (tools/envname.py), so the two can never disagree."""
    try:
        return envname.check(env)
    except envname.EnvNameError as err:
        raise StateError(str(err)) from err


class StateStore:
    """Lists and removes per-environment Terraform state in the backend bucket."""

    def __init__(
        self,
        s3: Any,
        bucket: str,
        key_prefix: str = DEFAULT_KEY_PREFIX,
        state_name: str = DEFAULT_STATE_NAME,
    ) -> None:
        if not bucket:
            raise StateError("no state bucket: set TF_STATE_BUCKET")
        if key_prefix and not key_prefix.endswith("/"):
            raise StateError(f"state key prefix {key_prefix!r} must end with '/'")
        self.s3 = s3
        self.bucket = bucket
        self.key_prefix = key_prefix
        self.state_name = state_name

    def env_prefix(self, env: str) -> str:
        return f"{self.key_prefix}{validate_env_name(env)}/"

    def state_key(self, env: str) -> str:
        return f"{self.env_prefix(env)}{self.state_name}"

    def list_envs(self, pattern: re.Pattern[str] | None = None) -> list[EnvState]:
        """Every environment that has anything under its prefix, sorted by name."""
        latest: dict[str, datetime | None] = {}
        for obj in self._objects(self.key_prefix):
            rest = obj["Key"][len(self.key_prefix) :]
            env, sep, name = rest.partition("/")
            if not sep or not envname.is_valid(env):
                continue  # not an environment's folder; leave foreign keys alone
            if pattern is not None and not pattern.match(env):
                continue
            latest.setdefault(env, None)
            if name == self.state_name:
                latest[env] = obj["LastModified"]
        return [
            EnvState(name=env, state_key=self.state_key(env), last_modified=latest[env])
            for env in sorted(latest)
        ]

    def managed_resource_count(self, env: str) -> int:
        """How many managed resources the env's state still tracks (0 when there is no state)."""
        try:
            body = self.s3.get_object(Bucket=self.bucket, Key=self.state_key(env))["Body"].read()
        except self.s3.exceptions.NoSuchKey:
            return 0
        try:
            state = json.loads(body)
        except json.JSONDecodeError as err:
            where = f"s3://{self.bucket}/{self.state_key(env)}"
            raise StateError(f"{where} is not JSON: {err}") from err
        return sum(1 for r in state.get("resources", []) if r.get("mode") == "managed")

    def delete_env_state(self, env: str, *, force: bool = False) -> int:
        """Remove every object version and delete marker under the env's prefix.

        Refuses protected environments, and environments whose state still tracks resources:
        dropping that state would orphan live infrastructure nobody could destroy with make.
        """
        validate_env_name(env)
        if env in PROTECTED_ENVS:
            raise StateError(f"refusing to delete the state of protected environment {env!r}")
        if not force:
            remaining = self.managed_resource_count(env)
            if remaining:
                raise StateError(
                    f"refusing to delete the state of {env!r}: it still tracks {remaining} "
                    f"resource(s); run `make destroy ENV={env}` first"
                )
        versions = list(self._versions(self.env_prefix(env)))
        for start in range(0, len(versions), _DELETE_BATCH):
            batch = versions[start : start + _DELETE_BATCH]
            response = self.s3.delete_objects(
                Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True}
            )
            errors = response.get("Errors", [])
            if errors:
                first = errors[0]
                raise StateError(
                    f"could not delete {len(errors)} object(s) of {env!r}, "
                    f"e.g. {first.get('Key')}: {first.get('Code')} {first.get('Message')}"
                )
        return len(versions)

    def _objects(self, prefix: str) -> Iterator[dict[str, Any]]:
        paginator = self.s3.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
            yield from page.get("Contents", [])

    def _versions(self, prefix: str) -> Iterable[dict[str, str]]:
        # A versioned bucket keeps old state versions and delete markers: all of them are the
        # environment's state, so all of them go.
        paginator = self.s3.get_paginator("list_object_versions")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
            for item in page.get("Versions", []) + page.get("DeleteMarkers", []):
                yield {"Key": item["Key"], "VersionId": item["VersionId"]}
