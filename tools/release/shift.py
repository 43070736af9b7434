"""Shift the live aliases of web and api from the version they serve to the newest published one.

Both functions (and the order pipeline's worker, where there is one) move together, step by step,
with the same weight; while each step bakes, the
new version's alarms are read every `poll` seconds, and one firing rolls both back at once.
The manage alias follows only once the traffic is all on the new version.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from tools.release import alarms, aliases
from tools.release.target import Target

STRATEGIES = ("all-at-once", "canary", "linear")


class ReleaseError(RuntimeError):
    """The release cannot start or did not finish; the message says what happened."""


class RolledBack(ReleaseError):
    """An alarm fired and the release was rolled back."""


@dataclass(frozen=True)
class Step:
    weight: float  # share of requests the new version gets
    bake: float  # seconds to watch the alarms at this weight


def steps(
    strategy: str,
    *,
    canary_percent: float = 10,
    bake: float = 300,
    step_percent: float = 10,
    interval: float = 60,
) -> list[Step]:
    if strategy == "all-at-once":
        return [Step(1.0, bake)]
    if strategy == "canary":
        if not 0 < canary_percent < 100:
            raise ReleaseError(f"CANARY_PERCENT={canary_percent} must be between 0 and 100")
        return [Step(canary_percent / 100, bake), Step(1.0, 0)]
    if strategy == "linear":
        if not 0 < step_percent < 100:
            raise ReleaseError(f"STEP_PERCENT={step_percent} must be between 0 and 100")
        shares, share = [], step_percent
        while share < 100:
            shares.append(Step(share / 100, interval))
            share += step_percent
        return [*shares, Step(1.0, 0)]
    raise ReleaseError(f"unknown STRATEGY={strategy!r}: use one of {', '.join(STRATEGIES)}")


@dataclass(frozen=True)
class Plan:
    old: dict[str, aliases.Alias]  # role -> the alias as it was
    new: dict[str, str]  # role -> version to release


def plan(target: Target) -> Plan:
    old = {role: aliases.read(target, role) for role in target.roles()}
    busy = {a.function: a.weights for a in old.values() if a.weights}
    if busy:
        raise ReleaseError(
            f"a release is still shifting {busy}: finish it or run make rollback first"
        )
    new = {}
    for role in target.roles():
        versions = aliases.published(target, role)
        if not versions:
            raise ReleaseError(f"{target.function_name(role)} has no published version")
        new[role] = versions[-1]
    return Plan(old=old, new=new)


def release(
    target: Target,
    strategy: list[Step],
    *,
    poll: float = 5,
    say: Callable[[str], None] = print,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Plan:
    p = plan(target)
    serving = target.serving_roles()
    moving = [r for r in serving if p.old[r].version != p.new[r]]
    if not moving:
        say(f"nothing to release: {', '.join(f'{r} {p.new[r]}' for r in serving)} serve")
        return p
    say(
        "releasing "
        + ", ".join(f"{r} {p.old[r].version} -> {p.new[r]}" for r in moving)
        + f" in {target.where}"
    )
    for step in strategy:
        for role in moving:
            _set_weight(target, p, role, step.weight)
        say(f"  {step.weight:.0%} on the new version" + (f", {step.bake:g}s" if step.bake else ""))
        fired = _watch(target, p, moving, step.bake, poll=poll, sleep=sleep, clock=clock)
        if fired:
            restore(target, p, roles=moving)
            raise RolledBack(
                "rolled back to "
                + ", ".join(f"{r} {p.old[r].version}" for r in moving)
                + ": "
                + "; ".join(fired)
            )
    manage = p.old["manage"]
    if manage.version != p.new["manage"]:
        aliases.point(
            target, manage, p.new["manage"], weights={}, note=_note(p.new["manage"], manage.version)
        )
    say("released")
    return p


def _note(version: str, previous: str) -> str:
    return f"released {version}, previous {previous} (tools/release)"


def _set_weight(target: Target, p: Plan, role: str, weight: float) -> None:
    old, new = p.old[role], p.new[role]
    if weight >= 1:
        aliases.point(target, old, new, weights={}, note=_note(new, old.version))
    else:
        aliases.point(
            target, old, old.version, weights={new: round(weight, 4)}, note=old.description
        )


def _watch(
    target: Target,
    p: Plan,
    roles: list[str],
    seconds: float,
    *,
    poll: float,
    sleep: Callable[[float], None],
    clock: Callable[[], float],
) -> list[str]:
    deadline = clock() + seconds
    while True:
        fired = []
        for role in roles:
            watched = alarms.watching(target, target.function_name(role), p.new[role])
            fired += alarms.firing(watched)
        if fired or clock() >= deadline:
            return fired
        sleep(min(poll, max(deadline - clock(), 0)))


def restore(target: Target, p: Plan, *, roles: list[str]) -> None:
    """Every alias back on the version it served before the release, weights cleared."""
    for role in roles:
        old = p.old[role]
        aliases.point(target, old, old.version, weights={}, note=old.description)


def rollback(target: Target, *, say: Callable[[str], None] = print) -> None:
    """Back to the previous version at once: a shift in progress stops, else the last release."""
    for role in target.roles():
        alias = aliases.read(target, role)
        if alias.weights:
            aliases.point(target, alias, alias.version, weights={}, note=alias.description)
            say(f"{alias.function}: stopped the shift, all traffic on {alias.version}")
            continue
        back = alias.previous or _older(target, role, alias.version)
        if back is None:
            say(f"{alias.function}: {alias.version} is the only version, nothing to roll back to")
            continue
        aliases.point(
            target,
            alias,
            back,
            weights={},
            note=f"rolled back from {alias.version} (tools/release)",
        )
        say(f"{alias.function}: {alias.version} -> {back}")


def _older(target: Target, role: str, version: str) -> str | None:
    older = [v for v in aliases.published(target, role) if int(v) < int(version)]
    return older[-1] if older else None
