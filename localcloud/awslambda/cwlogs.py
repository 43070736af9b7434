"""Ship a local function's log lines to the emulator's CloudWatch Logs, as Lambda does on AWS.

One stream per execution environment, named like Lambda's (`YYYY/MM/DD/[version]id`), in the
function's group `/aws/lambda/<name>` (Terraform creates it). Lines are batched and sent from a
thread every half second, so the function never waits for the emulator.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

log = logging.getLogger(__name__)
_ids = itertools.count(1)


class LogShipper:
    def __init__(self, logs: Any, *, group: str, version: str, interval: float = 0.5) -> None:
        self._logs = logs
        self.group = group
        self.stream = f"{time.strftime('%Y/%m/%d', time.gmtime())}/[{version}]{next(_ids):032x}"
        self._events: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._created = False
        self._stop = threading.Event()
        self._interval = interval
        self._thread = threading.Thread(target=self._run, name="cwlogs", daemon=True)
        self._thread.start()

    def __call__(self, line: str) -> None:
        event = {"timestamp": int(time.time() * 1000), "message": line.rstrip("\n")}
        with self._lock:
            self._events.append(event)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self.flush()

    def flush(self) -> None:
        with self._lock:
            events, self._events = self._events, []
        if not events:
            return
        try:
            if not self._created:
                try:
                    self._logs.create_log_stream(logGroupName=self.group, logStreamName=self.stream)
                except ClientError as exc:
                    if exc.response["Error"]["Code"] != "ResourceAlreadyExistsException":
                        raise
                self._created = True
            self._logs.put_log_events(
                logGroupName=self.group, logStreamName=self.stream, logEvents=events
            )
        except (ClientError, BotoCoreError) as exc:
            # The local file keeps every line; only CloudWatch misses these.
            log.warning("could not ship %d log lines to %s: %s", len(events), self.group, exc)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.flush()
