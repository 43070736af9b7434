"""EventBridge's scheduled rules on this machine: each enabled rule with a rate() expression
invokes its targets on its schedule, with the event AWS sends.

The event is the "Scheduled Event" of EventBridge's guide ("Creating a rule that runs on a
schedule"; tests/localcloud/fixtures/scheduled-event.json): version "0", source aws.events, the
rule's ARN in `resources`, an empty `detail`. A target's constant `Input` replaces it, as on AWS.
EventBridge invokes Lambda asynchronously, and only when the function's resource policy lets
events.amazonaws.com invoke it for that rule (AWS:SourceArn); otherwise the invocation fails, as
AWS counts it in FailedInvocations. Rules are read again on every tick, so a rule Terraform adds,
changes or disables takes effect within a second.

cron() expressions are not run locally (the project's schedules are rates): such a rule is logged
once and skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

log = logging.getLogger(__name__)

RATE_RE = re.compile(r"^rate\((?P<value>[1-9][0-9]*) (?P<unit>minutes?|hours?|days?)\)$")
UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}
EVENTS_SERVICE = "events.amazonaws.com"


class ScheduleError(ValueError):
    """A schedule expression EventBridge would refuse, or one not run locally."""


def rate_seconds(expression: str) -> int:
    """rate(1 minute), rate(5 minutes), ...: the period; a singular unit only with 1, as AWS."""
    match = RATE_RE.match(expression.strip())
    if not match:
        raise ScheduleError(f"{expression!r} is not a rate expression this emulator runs")
    value, unit = int(match["value"]), match["unit"]
    if (value == 1) != (not unit.endswith("s")):
        raise ScheduleError(
            f"{expression!r}: use '1 {unit.rstrip('s')}' or 'N {unit.rstrip('s')}s'"
        )
    return value * UNIT_SECONDS[unit.rstrip("s")]


def scheduled_event(*, rule_arn: str, when: dt.datetime | None = None) -> dict[str, Any]:
    """The one builder of Scheduled Events (the runner and the tests)."""
    _, _, _, region, account, _ = rule_arn.split(":", 5)
    moment = (when or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": account,
        "time": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [rule_arn],
        "detail": {},
    }


class ScheduleRunner:
    """Every `tick` seconds: the rules that are due invoke `invoke(target_arn, rule_arn, event)`."""

    def __init__(
        self,
        events: Any,
        *,
        invoke: Callable[[str, str, dict[str, Any]], None],
        tick: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._events = events
        self._invoke = invoke
        self._tick = tick
        self._clock = clock
        # Rule ARN -> (its expression, when it is next due).
        self._due: dict[str, tuple[str, float]] = {}
        self._refused: set[str] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> ScheduleRunner:
        self._thread = threading.Thread(target=self._run, name="schedules", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self._tick + 2)

    def _run(self) -> None:
        while not self._stop.wait(self._tick):
            try:
                self.run_due()
            except (ClientError, BotoCoreError) as exc:
                log.warning("schedules: %s", exc)

    def _rules(self) -> list[dict[str, Any]]:
        rules = []
        for page in self._events.get_paginator("list_rules").paginate():
            rules += [r for r in page["Rules"] if r.get("ScheduleExpression")]
        return rules

    def run_due(self) -> int:
        """Invoke the targets of every rule that is due now; how many invocations started."""
        now = self._clock()
        started = 0
        seen = set()
        for rule in self._rules():
            arn, expression = rule["Arn"], rule["ScheduleExpression"]
            seen.add(arn)
            try:
                period = rate_seconds(expression)
            except ScheduleError as exc:
                if arn not in self._refused:
                    log.warning("schedules: rule %s not run: %s", rule["Name"], exc)
                    self._refused.add(arn)
                continue
            known = self._due.get(arn)
            if known is None or known[0] != expression:
                # A new or changed rule first fires one period from now, as EventBridge's do.
                self._due[arn] = (expression, now + period)
                continue
            if rule.get("State") != "ENABLED" or now < known[1]:
                continue
            # A tick that came late (a busy machine) does not fire twice to catch up.
            self._due[arn] = (expression, max(known[1] + period, now + self._tick))
            started += self._fire(rule)
        for arn in set(self._due) - seen:
            del self._due[arn]
        return started

    def _fire(self, rule: dict[str, Any]) -> int:
        event = scheduled_event(rule_arn=rule["Arn"])
        targets = self._events.list_targets_by_rule(
            Rule=rule["Name"], EventBusName=rule.get("EventBusName", "default")
        )["Targets"]
        for target in targets:
            payload = json.loads(target["Input"]) if target.get("Input") else event
            threading.Thread(
                target=self._invoke,
                args=(target["Arn"], rule["Arn"], payload),
                name=f"schedule-{rule['Name']}",
                daemon=True,
            ).start()
        return len(targets)
