"""tools/release on the emulator: canary steps, rollback on an alarm, rollback, pruning.

The functions, versions and alarms are made with the API exactly as modules/lambda_app makes them
(alias `live`, alarms on ExecutedVersion); the Terraform side is proved in terraform/tests.
"""

from __future__ import annotations

import itertools
import json

import pytest

from tests.localcloud.aws import REGION, client, fake_zip, put_release_alarm
from tools.release import aliases, shift, versions
from tools.release.__main__ import main
from tools.release.target import ROLES, Target

_names = itertools.count()


class FakeClock:
    """Bakes take no wall time; `during` runs at every sleep, as the outside world would."""

    def __init__(self, during=None) -> None:
        self.now = 0.0
        self.during = during or (lambda: None)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.during()
        self.now += max(seconds, 0.001)


def _live_at_1_and_2_published(lam, name: str, role: str) -> None:
    lam.create_function(
        FunctionName=name,
        Runtime="python3.13",
        Role=role,
        Handler="fake_handler.handler",
        Code={"ZipFile": fake_zip(marker="1")},
        Publish=True,
    )
    lam.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    lam.update_function_code(FunctionName=name, ZipFile=fake_zip(marker="2"), Publish=True)


@pytest.fixture
def env(moto_endpoint):
    """web, api and manage with versions 1 (live) and 2 (published, migrated), and their alarms."""
    prefix = f"lambda-shop-rel{next(_names)}"
    lam, cw = client(moto_endpoint, "lambda"), client(moto_endpoint, "cloudwatch")
    role = client(moto_endpoint, "iam").create_role(
        RoleName=f"{prefix}-role", AssumeRolePolicyDocument="{}"
    )["Role"]["Arn"]
    for name in (f"{prefix}-{r}" for r in ROLES):
        _live_at_1_and_2_published(lam, name, role)
        if not name.endswith("-manage"):
            put_release_alarm(cw, name, version="2")
    return Target(
        env="rel",
        prefix=prefix,
        region=REGION,
        endpoint=moto_endpoint,
        credentials={"aws_access_key_id": "testing", "aws_secret_access_key": "testing"},
    )


def _live(target: Target) -> dict[str, tuple[str, dict[str, float]]]:
    return {r: (a.version, a.weights) for r in ROLES for a in [aliases.read(target, r)]}


def test_canary_moves_web_and_api_together_then_manage(env) -> None:
    seen = []
    clock = FakeClock(during=lambda: seen.append(_live(env)))
    strategy = shift.steps("canary", canary_percent=10, bake=30)
    shift.release(env, strategy, poll=5, sleep=clock.sleep, clock=clock, say=lambda _: None)
    # While the canary bakes, 10 % of each serving alias goes to 2; manage waits.
    assert seen[0] == {"web": ("1", {"2": 0.1}), "api": ("1", {"2": 0.1}), "manage": ("1", {})}
    assert clock.now >= 30
    assert _live(env) == {r: ("2", {}) for r in ROLES}
    assert all(aliases.read(env, r).previous == "1" for r in ROLES)


def test_a_worker_where_there_is_one_moves_with_web_and_api(env) -> None:
    role = client(env.endpoint, "iam").get_role(RoleName=f"{env.prefix}-role")["Role"]["Arn"]
    _live_at_1_and_2_published(client(env.endpoint, "lambda"), env.function_name("worker"), role)
    seen = []
    clock = FakeClock(during=lambda: seen.append(aliases.read(env, "worker")))
    shift.release(env, shift.steps("canary", bake=30), sleep=clock.sleep, clock=clock, say=print)
    assert (seen[0].version, seen[0].weights) == ("1", {"2": 0.1})
    assert aliases.read(env, "worker").version == "2"
    shift.rollback(env, say=lambda _: None)
    assert aliases.read(env, "worker").version == "1"


def test_without_a_worker_the_release_moves_the_three_functions(env, capsys, monkeypatch) -> None:
    assert env.roles() == ROLES
    monkeypatch.setattr("tools.release.__main__.resolve", lambda *a, **k: env)
    assert main(["status", "--env", "rel"]) == 0
    assert "worker" not in capsys.readouterr().out


def test_linear_steps_up_to_all_traffic() -> None:
    strategy = shift.steps("linear", step_percent=25, interval=60)
    assert [(s.weight, s.bake) for s in strategy] == [(0.25, 60), (0.5, 60), (0.75, 60), (1.0, 0)]
    with pytest.raises(shift.ReleaseError, match="unknown STRATEGY"):
        shift.steps("blue-green")


def test_an_alarm_on_the_new_version_rolls_both_back(env) -> None:
    cw = client(env.endpoint, "cloudwatch")

    def fire() -> None:
        cw.set_alarm_state(
            AlarmName=f"{env.prefix}-api-release-errors",
            StateValue="ALARM",
            StateReason="Threshold Crossed: 3 errors",
        )

    clock = FakeClock(during=fire)
    with pytest.raises(shift.RolledBack, match="api-release-errors"):
        shift.release(
            env, shift.steps("canary", bake=300), sleep=clock.sleep, clock=clock, say=print
        )
    assert _live(env) == {r: ("1", {}) for r in ROLES}
    assert clock.now < 300, "the rollback must not wait for the bake to end"


def test_rollback_returns_to_the_previous_release_and_stops_a_shift(env) -> None:
    clock = FakeClock()
    shift.release(env, shift.steps("all-at-once", bake=0), sleep=clock.sleep, clock=clock)
    shift.rollback(env, say=lambda _: None)
    assert _live(env) == {r: ("1", {}) for r in ROLES}

    lam = client(env.endpoint, "lambda")
    lam.update_alias(
        FunctionName=f"{env.prefix}-web",
        Name="live",
        RoutingConfig={"AdditionalVersionWeights": {"2": 0.5}},
    )
    shift.rollback(env, say=lambda _: None)
    assert aliases.read(env, "web").version == "1" and not aliases.read(env, "web").weights


def test_a_release_in_progress_is_not_started_again(env) -> None:
    client(env.endpoint, "lambda").update_alias(
        FunctionName=f"{env.prefix}-api",
        Name="live",
        RoutingConfig={"AdditionalVersionWeights": {"2": 0.1}},
    )
    with pytest.raises(shift.ReleaseError, match="still shifting"):
        shift.plan(env)


def test_pruning_keeps_the_newest_and_every_version_an_alias_needs(env) -> None:
    lam = client(env.endpoint, "lambda")
    for role in ROLES:
        for marker in ("3", "4", "5"):
            lam.update_function_code(
                FunctionName=env.function_name(role), ZipFile=fake_zip(marker=marker), Publish=True
            )
    deleted = versions.prune(env, keep=2, say=lambda _: None)
    # Live is 1, so it stays; 2 and 3 go; 4 and 5 are the newest.
    assert deleted == {r: ["2", "3"] for r in ROLES}
    assert aliases.published(env, "web") == ["1", "4", "5"]
    with pytest.raises(ValueError, match="at least 1"):
        versions.prune(env, keep=0)


def test_pins_are_terraforms_alias_versions(env, capsys, monkeypatch) -> None:
    monkeypatch.setattr("tools.release.__main__.resolve", lambda *a, **k: env)
    assert main(["pins", "--env", "rel"]) == 0
    assert json.loads(capsys.readouterr().out) == {"web": "1", "api": "1", "manage": "1"}
