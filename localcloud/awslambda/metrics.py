"""Lambda's metrics and CloudWatch's alarm evaluation, which the emulator lacks (local cloud only).

Lambda publishes Invocations, Errors and Duration per alias and executed version (dimensions
FunctionName, Resource = function:alias, ExecutedVersion); the edge does the same for every request
it runs, into moto's CloudWatch. moto stores alarms but never evaluates them, so `AlarmEvaluator`
does CloudWatch's part for AWS/Lambda and AWS/SQS (localcloud.sqs) alarms on a statistic (Sum,
Average, Maximum, ...): the last period's value against the threshold, ALARM or OK through
SetAlarmState. Alarms on a percentile (the p99 Duration release alarm, ExtendedStatistic) the same
way: the emulator computes them from moto's stored values (localcloud.emulator.ext.cloudwatch).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from localcloud.awslambda.pool import Invocation

log = logging.getLogger(__name__)
NAMESPACE = "AWS/Lambda"
# Alarms on the metrics the local cloud publishes: Lambda's (here) and SQS's (localcloud.sqs).
EVALUATED_NAMESPACES = frozenset({NAMESPACE, "AWS/SQS"})
_COMPARE = {
    "GreaterThanOrEqualToThreshold": lambda v, t: v >= t,
    "GreaterThanThreshold": lambda v, t: v > t,
    "LessThanThreshold": lambda v, t: v < t,
    "LessThanOrEqualToThreshold": lambda v, t: v <= t,
}


class _Every:
    """Runs `action` every `interval` seconds on a daemon thread until stopped."""

    def __init__(self, interval: float, action: Any, name: str) -> None:
        self._stop = threading.Event()
        self._action = action
        self._interval = interval
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self._action()
            except ClientError as exc:
                log.warning("%s: %s", self._thread.name, exc)
            except BotoCoreError as exc:  # the emulator stopped (or is restarting)
                log.debug("%s: %s", self._thread.name, exc)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)


class MetricsPublisher:
    def __init__(self, cloudwatch: Any, *, interval: float = 1.0) -> None:
        self._cloudwatch = cloudwatch
        self._lock = threading.Lock()
        self._data: list[dict[str, Any]] = []
        self._loop = _Every(interval, self.flush, "lambda-metrics")

    def record(self, function: str, alias: str, version: str, invocation: Invocation) -> None:
        dims = [
            {"Name": "FunctionName", "Value": function},
            {"Name": "Resource", "Value": f"{function}:{alias}"},
            {"Name": "ExecutedVersion", "Value": version},
        ]
        now = dt.datetime.now(dt.UTC)
        failed = 0 if invocation.ok else 1
        data = [
            {"MetricName": "Invocations", "Value": 1, "Unit": "Count"},
            {"MetricName": "Errors", "Value": failed, "Unit": "Count"},
            {"MetricName": "Duration", "Value": invocation.duration_ms, "Unit": "Milliseconds"},
        ]
        with self._lock:
            self._data += [{**d, "Dimensions": dims, "Timestamp": now} for d in data]

    def flush(self) -> None:
        with self._lock:
            data, self._data = self._data, []
        for start in range(0, len(data), 500):  # PutMetricData's limit per call (1000 datums)
            self._cloudwatch.put_metric_data(
                Namespace=NAMESPACE, MetricData=data[start : start + 500]
            )

    def close(self) -> None:
        self._loop.stop()
        self.flush()


def _statistic(alarm: dict[str, Any]) -> str | None:
    return alarm.get("Statistic") or alarm.get("ExtendedStatistic")


class AlarmEvaluator:
    def __init__(self, cloudwatch: Any, *, interval: float = 2.0) -> None:
        self._cloudwatch = cloudwatch
        self._loop = _Every(interval, self.evaluate, "alarm-evaluator")

    def evaluate(self) -> None:
        now = dt.datetime.now(dt.UTC)
        paginator = self._cloudwatch.get_paginator("describe_alarms")
        for page in paginator.paginate(AlarmTypes=["MetricAlarm"]):
            for alarm in page["MetricAlarms"]:
                if alarm.get("Namespace") in EVALUATED_NAMESPACES and _statistic(alarm):
                    self._evaluate(alarm, now)

    def _evaluate(self, alarm: dict[str, Any], now: dt.datetime) -> None:
        period = int(alarm["Period"])
        statistic = _statistic(alarm)
        # Either kind, as CloudWatch takes them: Statistics or ExtendedStatistics, not both.
        kind = "Statistics" if alarm.get("Statistic") else "ExtendedStatistics"
        points = self._cloudwatch.get_metric_statistics(
            Namespace=alarm["Namespace"],
            MetricName=alarm["MetricName"],
            Dimensions=alarm.get("Dimensions", []),
            StartTime=now - dt.timedelta(seconds=period),
            # moto drops the microseconds of EndTime: data of this second counts, as on AWS.
            EndTime=now + dt.timedelta(seconds=1),
            Period=period,
            **{kind: [statistic]},
        )["Datapoints"]
        compare = _COMPARE.get(alarm["ComparisonOperator"])
        if compare is None:
            return
        values = [
            p[statistic] if kind == "Statistics" else p.get("ExtendedStatistics", {}).get(statistic)
            for p in points
        ]
        values = [v for v in values if v is not None]
        value = sum(values) if statistic == "Sum" else (max(values) if values else None)
        # treat_missing_data = notBreaching: no data is OK.
        breaching = value is not None and compare(value, alarm["Threshold"])
        state = "ALARM" if breaching else "OK"
        if state != alarm["StateValue"]:
            self._cloudwatch.set_alarm_state(
                AlarmName=alarm["AlarmName"],
                StateValue=state,
                StateReason=f"Threshold Crossed: {statistic} {value} over the last "
                f"{period}s (local cloud evaluation)"
                if breaching
                else "No longer breaching",
            )

    def close(self) -> None:
        self._loop.stop()
