"""The order pipeline's writes: record and publish outbox events, and confirm an order.

Each external effect (the queue, the shopper's email, the staff message) has its own marker on
its row, set in the transaction that holds the row lock while the effect happens. A redelivered
message therefore finds the marker set and does nothing again; only a database failure between
the effect and its commit can repeat one (at-least-once, as SQS itself is).
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from shop.models import Order
from shop.pipeline import notifications
from shop.pipeline.outbox import OutboxEvent

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepResult:
    sent: int
    failed: int


@dataclass(frozen=True)
class Confirmation:
    order_id: int
    confirmed: bool
    emailed: bool
    notified: bool

    @property
    def changed(self) -> bool:
        return self.confirmed or self.emailed or self.notified


@transaction.atomic
def record_order_placed(*, order: Order) -> OutboxEvent:
    """Write order.placed in the caller's transaction; publish it once that commits."""
    event = OutboxEvent.objects.create(topic=OutboxEvent.Topic.ORDER_PLACED, order=order)
    transaction.on_commit(functools.partial(publish_event, event_id=event.pk))
    return event


def publish_event(*, event_id: int) -> bool:
    """Hand one event to the queue; False (and the event stays unsent) when that fails.

    Runs after the commit, so a failure here must not fail the request: the order exists, and
    the sweep sends what is left.
    """
    with transaction.atomic():
        event = (
            OutboxEvent.objects.select_for_update(skip_locked=True)
            .filter(pk=event_id, sent_at=None)
            .first()
        )
        if event is None:  # sent already, or a sweep holds it right now
            return True
        return _send(event)


def sweep_outbox(*, older_than: timedelta, limit: int = 500) -> SweepResult:
    """Send unsent events older than `older_than` (younger ones are still being sent)."""
    cutoff = timezone.now() - older_than
    sent = failed = 0
    with transaction.atomic():
        # Two overlapping sweeps (or a sweep and a late on_commit) skip each other's rows.
        events = list(
            OutboxEvent.objects.select_for_update(skip_locked=True)
            .filter(sent_at=None, created_at__lte=cutoff)
            .order_by("created_at")[:limit]
        )
        for event in events:
            if _send(event):
                sent += 1
            else:
                failed += 1
    if sent or failed:
        log.info("outbox sweep: %d sent, %d failed", sent, failed)
    return SweepResult(sent=sent, failed=failed)


def _send(event: OutboxEvent) -> bool:
    from shop.pipeline.tasks import confirm_order

    event.attempts += 1
    try:
        confirm_order.enqueue(order_id=event.order_id)
    except Exception as exc:  # any failure of the queue leaves the event for the sweep
        log.warning("outbox event %s not sent: %s", event.pk, exc)
        event.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        event.save(update_fields=["attempts", "last_error"])
        return False
    event.sent_at = timezone.now()
    event.last_error = ""
    event.save(update_fields=["attempts", "sent_at", "last_error"])
    return True


def confirm_order(*, order_id: int) -> Confirmation:
    """Mark the order confirmed, email the shopper, tell the staff: each exactly once per order.

    Raises Order.DoesNotExist for an unknown order, so the message is retried and, if it never
    appears, ends in the dead-letter queue.
    """
    confirmed = _mark_confirmed(order_id=order_id)
    emailed = _once(order_id, "confirmation_sent_at", notifications.email_confirmation)
    notified = _once(order_id, "staff_notified_at", notifications.notify_staff)
    return Confirmation(order_id=order_id, confirmed=confirmed, emailed=emailed, notified=notified)


@transaction.atomic
def _mark_confirmed(*, order_id: int) -> bool:
    now = timezone.now()
    changed = Order.objects.filter(pk=order_id, status=Order.Status.PLACED).update(
        status=Order.Status.CONFIRMED, confirmed_at=now
    )
    if not changed and not Order.objects.filter(pk=order_id).exists():
        raise Order.DoesNotExist(f"No order {order_id}.")
    return bool(changed)


@transaction.atomic
def _once(order_id: int, marker: str, effect) -> bool:
    # The row lock serialises two deliveries of the same message: the second waits, then finds
    # the marker set.
    order = Order.objects.select_for_update().prefetch_related("lines").get(pk=order_id)
    if getattr(order, marker) is not None:
        return False
    effect(order)
    Order.objects.filter(pk=order_id).update(**{marker: timezone.now()})
    return True
