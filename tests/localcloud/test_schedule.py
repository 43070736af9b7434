"""EventBridge's scheduled rules, run from the emulator's rules on a clock (events.schedule)."""

import json
import queue
import uuid

import pytest

from localcloud.events.schedule import ScheduleError, ScheduleRunner, rate_seconds, scheduled_event
from tests.localcloud.aws import FIXTURES, client


@pytest.mark.parametrize(
    ("expression", "seconds"),
    [
        ("rate(1 minute)", 60),
        ("rate(5 minutes)", 300),
        ("rate(2 hours)", 7200),
        ("rate(1 day)", 86400),
    ],
)
def test_rate_expressions(expression, seconds):
    assert rate_seconds(expression) == seconds


@pytest.mark.parametrize(
    "expression", ["rate(1 minutes)", "rate(2 minute)", "rate(0 minutes)", "cron(0 12 * * ? *)"]
)
def test_expressions_eventbridge_refuses_or_not_run_here(expression):
    with pytest.raises(ScheduleError):
        rate_seconds(expression)


def test_the_event_has_the_shape_of_the_scheduled_event_sample():
    sample = json.loads((FIXTURES / "scheduled-event.json").read_text())
    event = scheduled_event(rule_arn=sample["resources"][0])
    assert set(event) == set(sample)
    same = ("version", "detail-type", "source", "account", "region", "resources", "detail")
    assert {k: event[k] for k in same} == {k: sample[k] for k in same}
    assert len(event["time"]) == len(sample["time"]) and event["time"].endswith("Z")


def test_an_enabled_rule_invokes_its_targets_once_per_period(moto_endpoint):
    events = client(moto_endpoint, "events")
    name = f"sweep-{uuid.uuid4().hex[:6]}"
    rule = events.put_rule(Name=name, ScheduleExpression="rate(1 minute)")["RuleArn"]
    events.put_targets(
        Rule=name,
        Targets=[
            {"Id": "plain", "Arn": "arn:aws:lambda:eu-west-1:123456789012:function:f:live"},
            {
                "Id": "input",
                "Arn": "arn:aws:lambda:eu-west-1:123456789012:function:g",
                "Input": '{"x": 1}',
            },
        ],
    )
    now = [1000.0]
    calls = queue.Queue()
    runner = ScheduleRunner(events, invoke=lambda *args: calls.put(args), clock=lambda: now[0])

    def fired():
        got = []
        while True:
            try:
                got.append(calls.get(timeout=2 if not got else 0.5))
            except queue.Empty:
                return [c for c in got if c[1] == rule]

    runner.run_due()  # a new rule first fires one period later
    now[0] += 59
    runner.run_due()
    assert calls.empty()
    now[0] += 1
    runner.run_due()
    got = sorted(fired(), key=lambda c: c[0])
    assert [c[0] for c in got] == [
        "arn:aws:lambda:eu-west-1:123456789012:function:f:live",
        "arn:aws:lambda:eu-west-1:123456789012:function:g",
    ]
    assert got[0][2]["detail-type"] == "Scheduled Event" and got[0][2]["resources"] == [rule]
    assert got[1][2] == {"x": 1}  # a target's constant Input replaces the event
    now[0] += 30
    runner.run_due()
    assert fired() == []
    events.disable_rule(Name=name)
    now[0] += 60
    runner.run_due()
    assert fired() == []
