"""Old published versions pile up toward the account's code storage quota: keep the newest few."""

from __future__ import annotations

from collections.abc import Callable

from tools.release import aliases
from tools.release.target import Target


def prune(target: Target, *, keep: int, say: Callable[[str], None] = print) -> dict[str, list[str]]:
    """Delete versions beyond the newest `keep`, never one the alias serves or returns to."""
    if keep < 1:
        raise ValueError(f"KEEP_VERSIONS={keep} must be at least 1")
    deleted: dict[str, list[str]] = {}
    for role in target.roles():
        alias = aliases.read(target, role)
        protected = {alias.version, *alias.weights, *(v for v in [alias.previous] if v)}
        versions = aliases.published(target, role)
        doomed = [v for v in versions[:-keep] if v not in protected]
        for version in doomed:
            target.client("lambda").delete_function(FunctionName=alias.function, Qualifier=version)
        if doomed:
            say(f"{alias.function}: deleted versions {', '.join(doomed)}")
        deleted[role] = doomed
    return deleted
