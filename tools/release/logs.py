"""A function's CloudWatch Logs, newest last (`make logs`)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

from botocore.exceptions import ClientError

from tools.release.target import Target

_SINCE_RE = re.compile(r"^(\d+)([smhd])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_since(since: str) -> int:
    """'10m' -> 600 seconds."""
    match = _SINCE_RE.match(since.strip())
    if not match:
        raise ValueError(f"SINCE={since!r} must be a number with s, m, h or d, e.g. 10m")
    return int(match[1]) * _UNITS[match[2]]


def events(target: Target, role: str, *, start_ms: int) -> Iterator[dict]:
    group = f"/aws/lambda/{target.function_name(role)}"
    paginator = target.client("logs").get_paginator("filter_log_events")
    try:
        for page in paginator.paginate(logGroupName=group, startTime=start_ms):
            yield from page.get("events", [])
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
            raise LookupError(f"log group {group} does not exist in {target.where}") from None
        raise


def show(
    target: Target,
    role: str,
    *,
    since: str = "10m",
    follow: bool = False,
    out: Callable[[str], None] = print,
    poll: float = 2.0,
) -> int:
    start = int((time.time() - parse_since(since)) * 1000)
    seen: set[str] = set()
    shown = 0
    while True:
        batch = sorted(
            (e for e in events(target, role, start_ms=start) if e["eventId"] not in seen),
            key=lambda e: (e["timestamp"], e["eventId"]),
        )
        for event in batch:
            seen.add(event["eventId"])
            out(event["message"].rstrip("\n"))
            start = max(start, event["timestamp"])
        shown += len(batch)
        if not follow:
            return shown
        time.sleep(poll)
