"""The order pipeline as `make up` runs it: the outbox, the order queue and its dead-letter queue,
Lambda's SQS poller running the worker, SES's mail, EventBridge's sweep (issue 10).

Failures are injected where they happen on AWS, in the emulator only (localcloud.emulator.ext
.faults): SNS refusing a message, SES rejecting one, SQS refusing a send. Everything else is read
from the emulator: the event source mapping, the queues' RedrivePolicy and the dead-letter alarm.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from localcloud.emulator.ext.faults import PATH as FAULTS_PATH
from localcloud.ses.mailbox import sent_mail
from shop.demo import CATALOGUE
from tests.e2e.shop import LocalShop, resend_throttled

pytestmark = pytest.mark.slow

ORDERS = 1000
# The queue's visibility timeout is six times the worker's timeout (minutes): a retry would come
# back long after this test's budget. SQS applies a changed VisibilityTimeout to the next receive;
# the module restores the deployed value at the end.
TEST_VISIBILITY_TIMEOUT = 4
BUYERS = 8


def set_faults(shop: LocalShop, rules: list[dict] | None) -> list[dict]:
    """Replace the emulator's fault rules (None: only read them, with what each has failed)."""
    data = json.dumps(rules).encode() if rules is not None else None
    request = urllib.request.Request(  # noqa: S310 - the local emulator
        shop.moto_endpoint + FAULTS_PATH.format(""),
        data=data,
        method="GET" if data is None else "POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


def call(shop: LocalShop, path: str, *, body=None, headers=None):
    # 1,000 orders and their status reads outrun the stage's throttle: sent again, as a client.
    return resend_throttled(lambda: _call(shop, path, body=body, headers=headers))


def _call(shop: LocalShop, path: str, *, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - the local edge
        shop.url + path,
        data=data,
        method="POST" if data else "GET",
        headers={"content-type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def place_order(shop: LocalShop, *, email: str, sku: str) -> dict:
    order = {"email": email, "lines": [{"sku": sku, "quantity": 1}]}
    status, body = call(
        shop, "/api/orders", body=order, headers={"Idempotency-Key": str(uuid.uuid4())}
    )
    assert status == 201, body
    return body


def order_status(shop: LocalShop, order: dict) -> str:
    status, body = call(
        shop, f"/api/orders/{order['id']}", headers={"X-Order-Token": order["token"]}
    )
    assert status == 200, body
    return body["status"]


def mail_to(shop: LocalShop, addresses: set[str]) -> list:
    return [m for m in sent_mail(shop.moto_endpoint) if set(m.to) & addresses]


def wait_for(what: str, condition, *, timeout: float, every: float = 2.0):
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(every)


def restock(shop: LocalShop) -> dict[str, int]:
    """Demo stock back to its first level (the catalogue holds a few hundred units)."""
    done = shop.make("local-manage", "CMD=load_demo --reset-stock")
    assert done.returncode == 0, done.stderr[-4000:]
    return {product.sku: product.stock for product in CATALOGUE}


@pytest.fixture(scope="module")
def pipeline(local_shop: LocalShop):
    """The environment's order queue as the emulator holds it, retried within seconds."""
    lam, sqs = local_shop.client("lambda"), local_shop.client("sqs")
    prefix = local_shop.deployment["name_prefix"]
    mappings = [
        m
        for m in lam.list_event_source_mappings()["EventSourceMappings"]
        if m["EventSourceArn"].startswith("arn:aws:sqs:") and f":{prefix}" in m["FunctionArn"]
    ]
    assert len(mappings) == 1, mappings
    mapping = mappings[0]
    queue_name = mapping["EventSourceArn"].rsplit(":", 1)[1]
    queue_url = sqs.get_queue_url(QueueName=queue_name)["QueueUrl"]
    attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    redrive = json.loads(attributes["RedrivePolicy"])
    dlq_name = redrive["deadLetterTargetArn"].rsplit(":", 1)[1]
    dimension = {"Name": "QueueName", "Value": dlq_name}
    alarms = [
        alarm
        for alarm in local_shop.client("cloudwatch").describe_alarms_for_metric(
            Namespace="AWS/SQS",
            MetricName="ApproximateNumberOfMessagesVisible",
            Dimensions=[dimension],
        )["MetricAlarms"]
        if dimension in alarm["Dimensions"]
    ]
    assert len(alarms) == 1, alarms
    sqs.set_queue_attributes(
        QueueUrl=queue_url, Attributes={"VisibilityTimeout": str(TEST_VISIBILITY_TIMEOUT)}
    )
    try:
        yield {
            "mapping": mapping,
            "queue_url": queue_url,
            "queue_name": queue_name,
            "dlq_url": sqs.get_queue_url(QueueName=dlq_name)["QueueUrl"],
            "max_receive_count": int(redrive["maxReceiveCount"]),
            "alarm": alarms[0],
        }
    finally:
        set_faults(local_shop, [])
        sqs.set_queue_attributes(
            QueueUrl=queue_url, Attributes={"VisibilityTimeout": attributes["VisibilityTimeout"]}
        )


@pytest.fixture(scope="module")
def unsent_order(local_shop: LocalShop, pipeline):
    """An order whose hand-off to the queue failed after its commit (SQS refused every send)."""
    sku = max(restock(local_shop).items(), key=lambda item: item[1])[0]
    set_faults(
        local_shop,
        [{"service": "sqs", "action": "SendMessage", "match": pipeline["queue_name"],
          "code": "ServiceUnavailable", "status": 503}],
    )  # fmt: skip
    try:
        order = place_order(local_shop, email=f"crash-{uuid.uuid4().hex[:8]}@example.com", sku=sku)
    finally:
        refused = set_faults(local_shop, [])
    return order, refused


def test_an_order_whose_send_failed_after_commit_is_placed(local_shop: LocalShop, unsent_order):
    order, refused = unsent_order
    # The request succeeded although every send failed (the SDK's retries included): the order
    # and its outbox event are committed, and nothing was queued.
    assert refused == [] and order["status"] == "placed"
    assert order_status(local_shop, order) == "placed"
    assert mail_to(local_shop, {order["email"]}) == []


def test_1000_orders_with_failing_workers_give_1000_emails_and_confirmations(
    local_shop: LocalShop, pipeline
):
    shop, run = local_shop, uuid.uuid4().hex[:8]
    # 10 % of the worker's staff notices fail, at random, each once: the message fails after
    # the email went out, comes back after the visibility timeout, and must not mail again.
    set_faults(
        shop,
        [{"service": "sns", "action": "Publish", "code": "InvalidParameter", "rate": 0.1,
          "once": True}],
    )  # fmt: skip
    orders: list[dict] = []
    try:
        while len(orders) < ORDERS:
            stock = restock(shop)
            skus = [sku for sku, units in stock.items() for _ in range(units)]
            batch = skus[: ORDERS - len(orders)]
            emails = [f"pipeline-{run}-{len(orders) + n}@example.com" for n in range(len(batch))]
            with ThreadPoolExecutor(BUYERS) as pool:
                orders += pool.map(
                    lambda email, sku: place_order(shop, email=email, sku=sku), emails, batch
                )
        addresses = {o["email"] for o in orders}
        wait_for(
            "1000 confirmation emails",
            lambda: len(mail_to(shop, addresses)) >= ORDERS,
            timeout=300,
            every=5,
        )
        time.sleep(TEST_VISIBILITY_TIMEOUT + 2)  # a duplicate would be mailed by now
        injected = set_faults(shop, None)[0]["failed"]
    finally:
        set_faults(shop, [])
    mail = mail_to(shop, addresses)
    assert len(mail) == ORDERS
    assert Counter(a for m in mail for a in m.to) == Counter(addresses)
    subjects = {m.to[0]: m.subject for m in mail}
    assert all(subjects[o["email"]] == f"Your order {o['id']} is confirmed" for o in orders)
    assert injected > 0, "no staff notice failed: the fault rule did not apply"
    with ThreadPoolExecutor(BUYERS) as pool:
        statuses = Counter(pool.map(lambda o: order_status(shop, o), orders))
    assert statuses == {"confirmed": ORDERS}


@pytest.fixture(scope="module")
def poisoned_batch(local_shop: LocalShop, pipeline):
    """One batch: three good orders, one whose email SES rejects every time, and a message that
    is no task at all; back once both failing ones are in the dead-letter queue."""
    shop, sqs, lam = local_shop, local_shop.client("sqs"), local_shop.client("lambda")
    sku = max(restock(shop).items(), key=lambda item: item[1])[0]
    run = uuid.uuid4().hex[:8]
    mapping = pipeline["mapping"]["UUID"]
    rejected_email = f"rejected-{run}@example.com"
    set_faults(
        shop,
        [{"service": "ses", "action": "SendRawEmail", "match": rejected_email,
          "code": "MessageRejected"}],
    )  # fmt: skip
    # The mapping is held while the batch is assembled.
    lam.update_event_source_mapping(UUID=mapping, Enabled=False)
    time.sleep(4)  # the pollers read the mapping every 2 s
    try:
        good = [place_order(shop, email=f"batch-{run}-{i}@example.com", sku=sku) for i in range(3)]
        rejected = place_order(shop, email=rejected_email, sku=sku)
        sqs.send_message(QueueUrl=pipeline["queue_url"], MessageBody="not a task message")
    finally:
        lam.update_event_source_mapping(UUID=mapping, Enabled=True)

    def dead_letters() -> bool:
        got = sqs.get_queue_attributes(
            QueueUrl=pipeline["dlq_url"], AttributeNames=["ApproximateNumberOfMessages"]
        )
        return int(got["Attributes"]["ApproximateNumberOfMessages"]) >= 2

    try:
        wait_for("two dead letters", dead_letters, timeout=120)
    finally:
        set_faults(shop, [])  # the fix, for the redrive below
    return {"good": good, "rejected": rejected}


def test_a_poison_message_ends_in_the_dead_letter_queue_and_its_batch_is_processed(
    local_shop: LocalShop, pipeline, poisoned_batch
):
    shop, sqs = local_shop, local_shop.client("sqs")
    good, rejected = poisoned_batch["good"], poisoned_batch["rejected"]
    dead = sqs.receive_message(
        QueueUrl=pipeline["dlq_url"],
        MaxNumberOfMessages=10,
        VisibilityTimeout=0,  # only looking
        AttributeNames=["ApproximateReceiveCount"],
    )["Messages"]
    bodies = sorted(m["Body"] for m in dead)
    assert len(bodies) == 2 and bodies[0] == "not a task message"
    assert json.loads(bodies[1])["kwargs"] == {"order_id": rejected["id"]}
    # Received maxReceiveCount times from the order queue (and once more here, as SQS counts).
    counts = {int(m["Attributes"]["ApproximateReceiveCount"]) for m in dead}
    assert counts == {pipeline["max_receive_count"] + 1}

    alarm = pipeline["alarm"]["AlarmName"]
    cloudwatch = shop.client("cloudwatch")
    wait_for(
        f"alarm {alarm}",
        lambda: (
            cloudwatch.describe_alarms(AlarmNames=[alarm])["MetricAlarms"][0]["StateValue"]
            == "ALARM"
        ),
        timeout=60,
    )
    # The rest of the batch: confirmed and mailed once; the rejected order confirmed, not mailed.
    addresses = {o["email"] for o in good}
    assert sorted(a for m in mail_to(shop, addresses) for a in m.to) == sorted(addresses)
    assert [order_status(shop, o) for o in [*good, rejected]] == ["confirmed"] * 4
    assert mail_to(shop, {rejected["email"]}) == []


def test_make_dlq_redrive_delivers_a_dead_letter_once_the_cause_is_fixed(
    local_shop: LocalShop, pipeline, poisoned_batch
):
    shop, sqs = local_shop, local_shop.client("sqs")
    rejected = poisoned_batch["rejected"]
    # The operator drops what no fix can help (the poison), then redrives the rest.
    dead = sqs.receive_message(
        QueueUrl=pipeline["dlq_url"], MaxNumberOfMessages=10, VisibilityTimeout=0
    )["Messages"]
    for message in dead:
        if message["Body"] == "not a task message":
            sqs.delete_message(QueueUrl=pipeline["dlq_url"], ReceiptHandle=message["ReceiptHandle"])
    done = shop.make("dlq-redrive", f"ENV={shop.deployment['env']}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "moved 1 message(s)" in done.stdout
    wait_for("the redriven email", lambda: mail_to(shop, {rejected["email"]}), timeout=90)
    assert [m.subject for m in mail_to(shop, {rejected["email"]})] == [
        f"Your order {rejected['id']} is confirmed"
    ]


def test_the_sweep_sends_what_the_failed_send_left(local_shop: LocalShop, unsent_order):
    """Last in this module: the schedule (rate(1 minute)) has had time to come round."""
    order, _ = unsent_order
    wait_for(
        "the sweep",
        lambda: (
            order_status(local_shop, order) == "confirmed" and mail_to(local_shop, {order["email"]})
        ),
        timeout=180,
        every=3,
    )
    assert [m.subject for m in mail_to(local_shop, {order["email"]})] == [
        f"Your order {order['id']} is confirmed"
    ]
