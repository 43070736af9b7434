"""The sweeper's decision, and the GitHub lookup it relies on (a loopback fake of the API)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.workflows.wf_support import FakeGitHub
from tools.cicd.github import GitHubError, PullRequests, PullState
from tools.cicd.state import EnvState
from tools.cicd.sweep import decide

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def env(name: str, days_ago: float | None) -> EnvState:
    when = None if days_ago is None else NOW - timedelta(days=days_ago)
    return EnvState(name=name, state_key=f"env/{name}/terraform.tfstate", last_modified=when)


def test_decide_destroys_closed_missing_and_idle_envs_only():
    states = {1: PullState.CLOSED, 2: PullState.OPEN, 3: PullState.OPEN, 4: PullState.MISSING}
    envs = [env("pr-1", 0), env("pr-2", 1), env("pr-3", 9), env("pr-4", 0), env("staging", 99)]
    decisions = {d.env: d for d in decide(envs, states.__getitem__, NOW, timedelta(days=7))}

    assert set(decisions) == {"pr-1", "pr-2", "pr-3", "pr-4"}  # staging is never swept
    assert decisions["pr-1"].destroy and "closed" in decisions["pr-1"].reason
    assert not decisions["pr-2"].destroy
    assert decisions["pr-3"].destroy and "9 day(s) ago (limit 7)" in decisions["pr-3"].reason
    assert decisions["pr-4"].destroy and "does not exist" in decisions["pr-4"].reason


def test_decide_sweeps_a_prefix_whose_state_is_gone():
    (decision,) = decide([env("pr-5", None)], lambda _: PullState.OPEN, NOW, timedelta(days=7))
    assert decision.destroy


def test_decide_keeps_an_env_exactly_at_the_limit():
    (decision,) = decide([env("pr-6", 7)], lambda _: PullState.OPEN, NOW, timedelta(days=7))
    assert not decision.destroy


def test_pull_request_states_from_the_api(github: str):
    pulls = PullRequests("acme/shop", "t0ken", api_url=github)
    assert pulls.state(1) is PullState.OPEN
    assert pulls.state(2) is PullState.CLOSED
    assert pulls.state(404) is PullState.MISSING
    with pytest.raises(GitHubError, match="HTTP 500"):
        pulls.state(3)
    assert set(FakeGitHub.seen_auth) == {"Bearer t0ken"}


@pytest.mark.parametrize(
    ("repository", "token", "message"),
    [("acme", "t", "owner/name"), ("acme/shop/x", "t", "owner/name"), ("acme/shop", "", "TOKEN")],
)
def test_pull_requests_needs_a_repository_and_a_token(repository: str, token: str, message: str):
    with pytest.raises(GitHubError, match=message):
        PullRequests(repository, token)
