"""Lambda events of the pipeline: SQS batches for the worker, the schedule for the sweep."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections

from shop.pipeline import services

log = logging.getLogger(__name__)


def is_scheduled_event(event: Any) -> bool:
    return (
        isinstance(event, dict)
        and event.get("source") == "aws.events"
        and event.get("detail-type") == "Scheduled Event"
    )


def handle_sqs_batch(event: dict[str, Any]) -> dict[str, Any]:
    """Run every record; report the failed ones (ReportBatchItemFailures), so only they return.

    Lambda deletes the records not listed; one that fails maxReceiveCount times moves to the
    dead-letter queue.
    """
    records = event.get("Records")
    if not isinstance(records, list):
        raise ValueError("not an SQS event: no Records list")
    from shop.pipeline import backend  # django-tasks: only the worker pays for its import

    failures = []
    close_old_connections()
    try:
        for record in records:
            try:
                backend.run_message(record["body"])
            except Exception:
                log.exception("message %s failed", record.get("messageId"))
                failures.append({"itemIdentifier": record["messageId"]})
    finally:
        close_old_connections()
    return {"batchItemFailures": failures}


def handle_schedule(event: dict[str, Any]) -> dict[str, Any]:
    close_old_connections()
    try:
        result = services.sweep_outbox(
            older_than=timedelta(seconds=settings.SHOP_OUTBOX_SWEEP_AFTER_SECONDS)
        )
    finally:
        close_old_connections()
    return {"sent": result.sent, "failed": result.failed}
