"""The live aliases as the release tool sees and moves them, and the versions behind them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from botocore.exceptions import ClientError

from tools.release.target import ALIAS, Target

# Where the tool records what a rollback returns to (Terraform ignores the alias's description).
_PREVIOUS_RE = re.compile(r"\bprevious (\d+)\b")


@dataclass(frozen=True)
class Alias:
    role: str
    function: str
    version: str
    weights: dict[str, float]
    description: str

    @property
    def previous(self) -> str | None:
        match = _PREVIOUS_RE.search(self.description)
        return match[1] if match else None


def read(target: Target, role: str) -> Alias:
    name = target.function_name(role)
    try:
        raw = target.client("lambda").get_alias(FunctionName=name, Name=ALIAS)
    except ClientError as exc:
        raise LookupError(f"{name}:{ALIAS} is not deployed in {target.where}: {exc}") from None
    weights = (raw.get("RoutingConfig") or {}).get("AdditionalVersionWeights") or {}
    return Alias(
        role=role,
        function=name,
        version=raw["FunctionVersion"],
        weights={v: float(w) for v, w in weights.items()},
        description=raw.get("Description") or "",
    )


def published(target: Target, role: str) -> list[str]:
    """Published version numbers, oldest first ($LATEST is not a version)."""
    versions: list[int] = []
    paginator = target.client("lambda").get_paginator("list_versions_by_function")
    for page in paginator.paginate(FunctionName=target.function_name(role)):
        versions += [int(v["Version"]) for v in page["Versions"] if v["Version"].isdigit()]
    return [str(v) for v in sorted(versions)]


def point(
    target: Target, alias: Alias, version: str, *, weights: dict[str, float], note: str
) -> None:
    target.client("lambda").update_alias(
        FunctionName=alias.function,
        Name=ALIAS,
        FunctionVersion=version,
        Description=note,
        RoutingConfig={"AdditionalVersionWeights": weights},
    )
