"""The transactional outbox: an event is a row written in the same transaction as the change it
announces, so a committed order always has its `order.placed` event, even if the process dies
before the event reaches the queue. `sent_at` stays empty until the queue has accepted it."""

from django.db import models
from django.db.models import Q


class OutboxEvent(models.Model):
    class Topic(models.TextChoices):
        ORDER_PLACED = "order.placed", "order.placed"

    topic = models.CharField(max_length=64, choices=Topic.choices)
    order = models.ForeignKey("shop.Order", related_name="outbox_events", on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "order"], name="outbox_one_event_per_order"),
        ]
        indexes = [
            # The sweep reads only what is unsent; the index stays as small as the backlog.
            models.Index(fields=["created_at"], name="outbox_unsent", condition=Q(sent_at=None)),
        ]

    def __str__(self) -> str:
        return f"{self.topic} order {self.order_id} ({'sent' if self.sent_at else 'unsent'})"
