"""Alarms on a new version (modules/lambda_app release_alarms), found by what they watch."""

from __future__ import annotations

from tools.release.target import Target


def watching(target: Target, function: str, version: str) -> list[dict]:
    """Alarms on `function`'s `version` as it serves through its alias (ExecutedVersion)."""
    found = []
    paginator = target.client("cloudwatch").get_paginator("describe_alarms")
    for page in paginator.paginate(AlarmNamePrefix=function, AlarmTypes=["MetricAlarm"]):
        for alarm in page["MetricAlarms"]:
            dims = {d["Name"]: d["Value"] for d in alarm.get("Dimensions", [])}
            if (
                alarm.get("Namespace") == "AWS/Lambda"
                and dims.get("FunctionName") == function
                and dims.get("ExecutedVersion") == version
            ):
                found.append(alarm)
    return found


def firing(alarms: list[dict]) -> list[str]:
    return [
        f"{a['AlarmName']} ({a.get('StateReason', '')})"
        for a in alarms
        if a["StateValue"] == "ALARM"
    ]
