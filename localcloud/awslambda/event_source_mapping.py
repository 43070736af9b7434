"""Lambda's SQS poller for one event source mapping, as the emulator holds it.

What it does is what Lambda's guide describes ("Using Lambda with Amazon SQS", "Handling errors
for an SQS event source", "Configuring scaling behavior for SQS event source mappings"):

- pollers receive with long polling; up to the mapping's MaximumConcurrency of them (ScalingConfig)
  invoke the function at once, never more than the local cap (each is a process on this machine);
- a batch is invoked when it holds BatchSize records, when MaximumBatchingWindowInSeconds has
  passed since its first record, or at once without a window;
- the records stay in flight for the queue's own visibility timeout (the poller never changes it),
  and only the records that succeeded are deleted. A failed invocation (an error, a timeout, a
  crash) deletes nothing: the batch returns when its visibility timeout ends;
- with ReportBatchItemFailures the function's answer names the failed records: an empty or null
  answer or `batchItemFailures` list is complete success; an answer that is not an object, or an
  item whose itemIdentifier is missing, empty, not a string or not a record of the batch, is
  complete failure;
- the dead-letter queue is SQS's part: moto's ReceiveMessage moves a message whose receive count
  reached the queue's RedrivePolicy maxReceiveCount, as SQS does.

The mapping (Enabled, BatchSize, window, concurrency, response types) is read again every
`refresh` seconds, so UpdateEventSourceMapping reaches the pollers as it reaches Lambda's.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from localcloud.awslambda.pool import Invocation
from localcloud.awslambda.sqs_event import sqs_event

log = logging.getLogger(__name__)

# ReceiveMessage returns at most 10 messages; its long polling waits at most 20 s. The poller
# waits less so that a stop or a disabled mapping is noticed within a second.
RECEIVE_MAX = 10
POLL_WAIT_SECONDS = 1
# Without ScalingConfig Lambda scales its pollers up to the function's concurrency.
DEFAULT_CONCURRENCY = 2


@dataclass(frozen=True)
class SqsMapping:
    uuid: str
    function_arn: str
    queue_arn: str
    enabled: bool
    batch_size: int
    window: float
    maximum_concurrency: int | None
    report_failures: bool

    @classmethod
    def from_api(cls, raw: dict[str, Any]) -> SqsMapping:
        return cls(
            uuid=raw["UUID"],
            function_arn=raw["FunctionArn"],
            queue_arn=raw["EventSourceArn"],
            enabled=raw.get("State", "Enabled") in {"Enabled", "Enabling", "Updating"},
            batch_size=int(raw.get("BatchSize") or 10),
            window=float(raw.get("MaximumBatchingWindowInSeconds") or 0),
            maximum_concurrency=(raw.get("ScalingConfig") or {}).get("MaximumConcurrency"),
            report_failures="ReportBatchItemFailures" in (raw.get("FunctionResponseTypes") or []),
        )

    def concurrency(self, cap: int) -> int:
        return max(1, min(self.maximum_concurrency or DEFAULT_CONCURRENCY, cap))


def is_sqs(raw: dict[str, Any]) -> bool:
    return raw.get("EventSourceArn", "").startswith("arn:aws:sqs:")


def failed_records(payload: Any, record_ids: list[str]) -> set[str]:
    """The records a ReportBatchItemFailures answer asks to retry (all of them if it is invalid)."""
    everything = set(record_ids)
    if payload is None:
        return set()
    if not isinstance(payload, dict):
        return everything
    items = payload.get("batchItemFailures")
    if items is None:
        return set()
    if not isinstance(items, list):
        return everything
    failed = set()
    for item in items:
        identifier = item.get("itemIdentifier") if isinstance(item, dict) else None
        if not isinstance(identifier, str) or identifier not in everything:
            return everything
        failed.add(identifier)
    return failed


class SqsPoller:
    """Polls the mapping's queue and invokes `invoke(function_arn, event)` with each batch."""

    def __init__(
        self,
        *,
        lambda_client: Any,
        sqs: Any,
        uuid: str,
        invoke: Callable[[str, dict[str, Any]], Invocation],
        cap: int = DEFAULT_CONCURRENCY,
        refresh: float = 2.0,
    ) -> None:
        self.uuid = uuid
        self._lambda = lambda_client
        self._sqs = sqs
        self._invoke = invoke
        self._cap = max(1, cap)
        self._refresh = refresh
        self._lock = threading.Lock()
        self._mapping: SqsMapping | None = None
        self._read_at = 0.0
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        # Fails now, not in a thread, if the mapping or its queue does not exist.
        arn = lambda_client.get_event_source_mapping(UUID=uuid)["EventSourceArn"].split(":")
        self.queue_url = sqs.get_queue_url(QueueName=arn[5], QueueOwnerAWSAccountId=arn[4])[
            "QueueUrl"
        ]
        self.mapping()

    def mapping(self) -> SqsMapping:
        with self._lock:
            if self._mapping is not None and time.monotonic() - self._read_at < self._refresh:
                return self._mapping
        raw = self._lambda.get_event_source_mapping(UUID=self.uuid)
        mapping = SqsMapping.from_api(raw)
        with self._lock:
            if mapping != self._mapping:
                log.info("event source mapping %s: %s", self.uuid, self._describe(mapping))
            self._mapping, self._read_at = mapping, time.monotonic()
        return mapping

    def _describe(self, mapping: SqsMapping) -> str:
        attributes = self._sqs.get_queue_attributes(
            QueueUrl=self.queue_url,
            AttributeNames=["VisibilityTimeout", "RedrivePolicy"],
        )["Attributes"]
        redrive = json.loads(attributes.get("RedrivePolicy") or "{}")
        dead_letters = (
            f"to {redrive['deadLetterTargetArn']} after {redrive['maxReceiveCount']} receives"
            if redrive
            else "kept in the queue (no RedrivePolicy)"
        )
        return (
            f"{'enabled' if mapping.enabled else 'disabled'}, {mapping.queue_arn} -> "
            f"{mapping.function_arn}, batches of {mapping.batch_size} within "
            f"{mapping.window:g}s, {mapping.concurrency(self._cap)} at once, "
            f"{'partial batch responses' if mapping.report_failures else 'whole batches'}, "
            f"visibility {attributes.get('VisibilityTimeout')}s, failures {dead_letters}"
        )

    def start(self) -> SqsPoller:
        # Threads for the largest concurrency the mapping may be given; each polls only while
        # its number is within the mapping's current MaximumConcurrency.
        for number in range(self._cap):
            thread = threading.Thread(
                target=self._run, args=(number,), name=f"esm-{self.uuid[:8]}-{number}", daemon=True
            )
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=POLL_WAIT_SECONDS + 2)

    def _run(self, number: int) -> None:
        while not self._stop.is_set():
            try:
                mapping = self.mapping()
                if not mapping.enabled or number >= mapping.concurrency(self._cap):
                    self._stop.wait(self._refresh)
                    continue
                messages = self._gather(mapping)
                if messages:
                    self.process(mapping, messages)
            except (ClientError, BotoCoreError) as exc:
                # The emulator restarted or the mapping went away: poll again shortly.
                log.warning("event source mapping %s: %s", self.uuid, exc)
                self._stop.wait(self._refresh)

    def _gather(self, mapping: SqsMapping) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = []
        deadline = None
        while len(messages) < mapping.batch_size and not self._stop.is_set():
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                break
            wait = (
                POLL_WAIT_SECONDS if remaining is None else min(POLL_WAIT_SECONDS, int(remaining))
            )
            got = self._sqs.receive_message(
                QueueUrl=self.queue_url,
                MaxNumberOfMessages=min(RECEIVE_MAX, mapping.batch_size - len(messages)),
                WaitTimeSeconds=wait,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            ).get("Messages", [])
            # A message whose visibility timeout ran out while the window was open comes again:
            # it is in the batch once, with its newest receipt handle (the one SQS deletes by).
            fresh = {m["MessageId"] for m in got}
            messages = [m for m in messages if m["MessageId"] not in fresh] + got
            if not messages:
                return []
            if deadline is None:
                if mapping.window <= 0:
                    break
                deadline = time.monotonic() + mapping.window
            if not got and wait == 0:
                self._stop.wait(min(0.1, max(0.0, deadline - time.monotonic())))
        return messages

    def process(self, mapping: SqsMapping, messages: list[dict[str, Any]]) -> set[str]:
        """Invoke with one batch and delete what succeeded; the ids of the failed records."""
        event = sqs_event(messages, queue_arn=mapping.queue_arn)
        ids = [m["MessageId"] for m in messages]
        invocation = self._invoke(mapping.function_arn, event)
        if not invocation.ok:
            log.warning(
                "event source mapping %s: %s failed on a batch of %d (%s); it returns after the "
                "visibility timeout",
                self.uuid, mapping.function_arn, len(ids), (invocation.error or {}).get("errorType")
            )  # fmt: skip
            return set(ids)
        failed = failed_records(invocation.payload, ids) if mapping.report_failures else set()
        done = [m for m in messages if m["MessageId"] not in failed]
        for start in range(0, len(done), RECEIVE_MAX):
            chunk = done[start : start + RECEIVE_MAX]
            self._sqs.delete_message_batch(
                QueueUrl=self.queue_url,
                Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(chunk)
                ],
            )
        if failed:
            log.info(
                "event source mapping %s: %d of %d records failed; they return after the "
                "visibility timeout", self.uuid, len(failed), len(ids),
            )  # fmt: skip
        return failed
