"""The order pipeline on PostgreSQL, with moto's in-process SQS, SES and SNS standing in for AWS."""

import json
from datetime import timedelta
from decimal import Decimal

import boto3
import pytest
from django.test import override_settings
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from shop.models import Order, OutboxEvent
from shop.pipeline import backend, handler, services
from shop.pipeline.backend import BadTaskMessage, parse_message
from shop.services import LineRequest, place_order

pytestmark = pytest.mark.django_db

REGION = "eu-west-1"
SENDER = "orders@shop.example"


@pytest.fixture(autouse=True)
def _keep_test_connection(monkeypatch):
    # The handlers close stale connections between invocations; the test's transaction must stay.
    monkeypatch.setattr(handler, "close_old_connections", lambda: None)


@pytest.fixture
def aws(monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        backend._clients.clear()
        from shop.pipeline import notifications

        notifications._clients.clear()
        sqs = boto3.client("sqs", region_name=REGION)
        queue_url = sqs.create_queue(QueueName="orders")["QueueUrl"]
        boto3.client("ses", region_name=REGION).verify_email_identity(EmailAddress=SENDER)
        sns = boto3.client("sns", region_name=REGION)
        topic = sns.create_topic(Name="staff")["TopicArn"]
        staff = sqs.create_queue(QueueName="staff-inbox")["QueueUrl"]
        staff_arn = sqs.get_queue_attributes(QueueUrl=staff, AttributeNames=["QueueArn"])
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=staff_arn["Attributes"]["QueueArn"])
        tasks = {
            "default": {
                "BACKEND": "shop.pipeline.backend.SQSBackend",
                "OPTIONS": {"QUEUE_URL": queue_url, "REGION": REGION},
            }
        }
        with override_settings(
            TASKS=tasks,
            EMAIL_BACKEND="django_ses.SESBackend",
            AWS_SES_REGION_NAME=REGION,
            SHOP_AWS_REGION=REGION,
            SHOP_EMAIL_FROM=SENDER,
            SHOP_STAFF_TOPIC_ARN=topic,
        ):
            yield _Aws(sqs=sqs, queue_url=queue_url, staff_url=staff)
        backend._clients.clear()
        notifications._clients.clear()


class _Aws:
    def __init__(self, *, sqs, queue_url, staff_url):
        self.sqs, self.queue_url, self.staff_url = sqs, queue_url, staff_url

    def messages(self, url=None):
        out = []
        while True:
            got = self.sqs.receive_message(
                QueueUrl=url or self.queue_url, MaxNumberOfMessages=10
            ).get("Messages", [])
            if not got:
                return out
            out += got

    @staticmethod
    def sent_emails():
        return ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages


def _order(product_factory, django_capture_on_commit_callbacks, *, key="k1", execute=True):
    product_factory(sku="MUG", price=Decimal("14.00"), stock=100)
    with django_capture_on_commit_callbacks(execute=execute):
        placed = place_order(
            email="buyer@example.com", lines=[LineRequest("MUG", 2)], idempotency_key=key
        )
    return placed.order


def test_placing_an_order_records_and_sends_order_placed(
    aws, product_factory, django_capture_on_commit_callbacks
):
    order = _order(product_factory, django_capture_on_commit_callbacks)

    event = OutboxEvent.objects.get(order=order)
    assert (event.topic, event.attempts, event.last_error) == ("order.placed", 1, "")
    assert event.sent_at is not None
    [message] = aws.messages()
    task, args, kwargs = parse_message(message["Body"])
    assert (task.module_path, args, kwargs) == (
        "shop.pipeline.tasks.confirm_order",
        [],
        {"order_id": order.pk},
    )


def test_an_order_that_fails_leaves_no_event(product_factory):
    from shop.errors import OutOfStock

    product_factory(sku="MUG", stock=1)
    with pytest.raises(OutOfStock):
        place_order(email="b@example.com", lines=[LineRequest("MUG", 2)], idempotency_key="x")
    assert OutboxEvent.objects.count() == 0


def test_a_replayed_checkout_records_no_second_event(
    aws, product_factory, django_capture_on_commit_callbacks
):
    order = _order(product_factory, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        again = place_order(
            email="buyer@example.com", lines=[LineRequest("MUG", 2)], idempotency_key="k1"
        )
    assert again.order.pk == order.pk
    assert OutboxEvent.objects.filter(order=order).count() == 1
    assert len(aws.messages()) == 1


def test_a_failed_send_keeps_the_order_and_the_sweep_delivers_it(
    aws, product_factory, django_capture_on_commit_callbacks, settings
):
    good_url = aws.queue_url
    settings.TASKS = {
        "default": {
            "BACKEND": "shop.pipeline.backend.SQSBackend",
            "OPTIONS": {"QUEUE_URL": good_url.replace("/orders", "/missing"), "REGION": REGION},
        }
    }
    order = _order(product_factory, django_capture_on_commit_callbacks)

    event = OutboxEvent.objects.get(order=order)
    assert event.sent_at is None
    assert "NonExistentQueue" in event.last_error
    assert Order.objects.filter(pk=order.pk).exists()
    # Too young for the sweep: the send after commit may still be under way.
    assert services.sweep_outbox(older_than=timedelta(minutes=5)).sent == 0

    settings.TASKS = {
        "default": {
            "BACKEND": "shop.pipeline.backend.SQSBackend",
            "OPTIONS": {"QUEUE_URL": good_url, "REGION": REGION},
        }
    }
    result = services.sweep_outbox(older_than=timedelta(0))
    assert (result.sent, result.failed) == (1, 0)
    event.refresh_from_db()
    assert (event.sent_at is not None, event.attempts) == (True, 2)
    assert len(aws.messages()) == 1
    assert services.sweep_outbox(older_than=timedelta(0)).sent == 0


def test_confirm_order_emails_and_notifies_once(
    aws, product_factory, django_capture_on_commit_callbacks
):
    order = _order(product_factory, django_capture_on_commit_callbacks, execute=False)

    first = services.confirm_order(order_id=order.pk)
    second = services.confirm_order(order_id=order.pk)

    assert (first.confirmed, first.emailed, first.notified) == (True, True, True)
    assert second.changed is False
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    assert order.confirmed_at and order.confirmation_sent_at and order.staff_notified_at
    [email] = aws.sent_emails()
    assert email.source == SENDER
    assert "buyer@example.com" in str(email.destinations)
    assert f"Your order {order.pk} is confirmed" in email.raw_data
    assert "28.00 EUR" in email.raw_data
    [staff] = aws.messages(aws.staff_url)
    assert f"Order {order.pk} was confirmed" in json.loads(staff["Body"])["Message"]


def test_a_failed_email_is_retried_without_a_second_confirmation(
    aws, product_factory, django_capture_on_commit_callbacks, settings
):
    order = _order(product_factory, django_capture_on_commit_callbacks, execute=False)
    settings.SHOP_EMAIL_FROM = "unverified@elsewhere.example"

    with pytest.raises(Exception, match="MessageRejected"):
        services.confirm_order(order_id=order.pk)
    order.refresh_from_db()
    assert (order.status, order.confirmation_sent_at) == (Order.Status.CONFIRMED, None)

    settings.SHOP_EMAIL_FROM = SENDER
    retried = services.confirm_order(order_id=order.pk)
    assert (retried.confirmed, retried.emailed) == (False, True)
    assert len(aws.sent_emails()) == 1


def test_a_batch_reports_only_its_failed_records(
    aws, product_factory, django_capture_on_commit_callbacks
):
    order = _order(product_factory, django_capture_on_commit_callbacks)
    [good] = aws.messages()
    poison = json.loads(good["Body"]) | {"kwargs": {"order_id": order.pk + 1000}}
    records = [
        {"messageId": "good", "body": good["Body"]},
        {"messageId": "unknown-order", "body": json.dumps(poison)},
        {"messageId": "not-json", "body": "{"},
        {"messageId": "duplicate", "body": good["Body"]},
    ]

    result = handler.handle_sqs_batch({"Records": records})

    assert result == {
        "batchItemFailures": [{"itemIdentifier": "unknown-order"}, {"itemIdentifier": "not-json"}]
    }
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    assert len(aws.sent_emails()) == 1


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('{"version": 1, "task": "os.system", "args": ["id"], "kwargs": {}}', "not a shop task"),
        (
            '{"version": 1, "task": "shop.services.place_order", "args": [], "kwargs": {}}',
            "not a shop task",
        ),
        ('{"version": 1, "task": "shop.pipeline.tasks.nope", "args": [], "kwargs": {}}', "unknown"),
        ('{"version": 2}', "not a version 1"),
        ("[]", "not a version 1"),
    ],
)
def test_only_shop_tasks_can_be_named_by_a_message(body, reason):
    with pytest.raises(BadTaskMessage, match=reason):
        parse_message(body)


def test_the_schedule_runs_the_sweep(aws, product_factory, settings):
    settings.SHOP_OUTBOX_SWEEP_AFTER_SECONDS = 0
    product_factory(sku="MUG", stock=5)
    # Committed by the test transaction's rules without running on_commit: like a process that
    # died right after the commit.
    place_order(email="b@example.com", lines=[LineRequest("MUG", 1)], idempotency_key="dead")
    scheduled = {"source": "aws.events", "detail-type": "Scheduled Event", "detail": {}}

    assert handler.is_scheduled_event(scheduled)
    assert handler.handle_schedule(scheduled) == {"sent": 1, "failed": 0}
    assert len(aws.messages()) == 1


def test_order_api_shows_the_status_label(client, product_factory):
    product_factory(sku="MUG", stock=5)
    placed = place_order(email="b@example.com", lines=[LineRequest("MUG", 1)], idempotency_key="s")
    response = client.get(
        f"/api/orders/{placed.order.pk}", headers={"X-Order-Token": placed.order.token}
    )
    assert (response.json()["status"], response.json()["status_label"]) == ("placed", "Placed")
