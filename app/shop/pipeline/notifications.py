"""What the shopper and the staff are told about a confirmed order.

The email goes through Django's email API, so the backend (django-ses in the functions, the
console in development) is a setting; the staff message is one SNS publish.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from shop.models import Order

log = logging.getLogger(__name__)
_clients: dict[str, Any] = {}


def email_confirmation(order: Order) -> None:
    if not settings.SHOP_EMAIL_FROM:
        raise ImproperlyConfigured("SHOP_EMAIL_FROM is not set: name the shop's SES identity")
    context = {"order": order, "lines": list(order.lines.all())}
    message = EmailMessage(
        subject=f"Your order {order.pk} is confirmed",
        body=render_to_string("shop/email/order_confirmed.txt", context),
        from_email=settings.SHOP_EMAIL_FROM,
        to=[order.email],
    )
    # Raises on failure: the message is retried, and nothing is marked as sent.
    message.send(fail_silently=False)


def notify_staff(order: Order) -> None:
    topic_arn = settings.SHOP_STAFF_TOPIC_ARN
    if not topic_arn:
        log.info("order %s confirmed; no staff topic configured (SHOP_STAFF_TOPIC_ARN)", order.pk)
        return
    sns_client().publish(
        TopicArn=topic_arn,
        Subject=f"New order {order.pk}: {order.total} {order.currency}"[:100],
        Message=render_to_string("shop/email/staff_new_order.txt", {"order": order}),
    )


def sns_client() -> Any:
    region = settings.SHOP_AWS_REGION or ""
    if region not in _clients:
        import boto3

        _clients[region] = boto3.client("sns", region_name=region or None)
    return _clients[region]
