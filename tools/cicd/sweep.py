"""Which preview environments the sweeper destroys, and why."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from tools.cicd.github import PullState
from tools.cicd.state import EnvState


@dataclass(frozen=True)
class Decision:
    env: str
    destroy: bool
    reason: str


def decide(
    envs: Iterable[EnvState],
    pull_state: Callable[[int], PullState],
    now: datetime,
    max_age: timedelta,
) -> list[Decision]:
    """Decide per preview environment; anything that is not `pr-<n>` is never swept.

    Age is measured from the last write of the state object, i.e. the last deploy: a PR that
    keeps getting pushes keeps its environment, an abandoned one loses it after `max_age`.
    """
    decisions = []
    for env in envs:
        number = env.pr_number
        if number is None:
            continue
        state = pull_state(number)
        if state is PullState.CLOSED:
            decisions.append(Decision(env.name, True, f"PR #{number} is closed"))
            continue
        if state is PullState.MISSING:
            decisions.append(Decision(env.name, True, f"PR #{number} does not exist"))
            continue
        if env.last_modified is None:
            # A prefix without a state object is a leftover of a failed destroy-state: sweep it.
            decisions.append(Decision(env.name, True, "no state object left"))
            continue
        age = now - env.last_modified
        if age > max_age:
            decisions.append(
                Decision(
                    env.name,
                    True,
                    f"last deployed {age.days} day(s) ago (limit {max_age.days})",
                )
            )
        else:
            decisions.append(Decision(env.name, False, f"PR #{number} is open and recent"))
    return decisions
