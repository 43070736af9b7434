"""`make local-mail` reads what the emulator's SES accepted (ses.mailbox), and the emulator's fault
injection fails chosen requests as the service would (emulator.ext.faults)."""

import json
import urllib.request

import pytest
from botocore.exceptions import ClientError
from django.core.mail import EmailMessage

from localcloud.emulator.ext.faults import PATH
from localcloud.ses.mailbox import render, sent_mail
from tests.localcloud.aws import client


def set_faults(endpoint, rules):
    request = urllib.request.Request(  # noqa: S310 - the test emulator
        endpoint + PATH.format(""), data=json.dumps(rules).encode(), method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.loads(response.read())


def raw_message(to: str, subject: str, body: str) -> bytes:
    message = EmailMessage(subject=subject, body=body, from_email="shop@example.com", to=[to])
    return message.message().as_bytes()


def test_the_mailbox_shows_what_ses_sent_newest_last(moto_endpoint):
    ses = client(moto_endpoint, "ses")
    ses.verify_email_identity(EmailAddress="shop@example.com")
    for n in (1, 2):
        ses.send_raw_email(
            RawMessage={"Data": raw_message(f"buyer{n}@example.com", f"Order {n}", f"Thanks {n}")}
        )
    mail = [m for m in sent_mail(moto_endpoint) if m.to[0].startswith("buyer")]
    assert [(m.sender, m.to, m.subject) for m in mail[-2:]] == [
        ("shop@example.com", ("buyer1@example.com",), "Order 1"),
        ("shop@example.com", ("buyer2@example.com",), "Order 2"),
    ]
    text = render(mail[-1])
    assert "\nSubject: Order 2\nDate:    " in text and text.endswith("\n\nThanks 2\n")
    assert mail[-1].sent_at is not None


def test_a_fault_rule_fails_matching_requests_until_cleared(moto_endpoint):
    ses, sqs = client(moto_endpoint, "ses"), client(moto_endpoint, "sqs")
    ses.verify_email_identity(EmailAddress="shop@example.com")
    queue = sqs.create_queue(QueueName="faulty-queue")["QueueUrl"]
    other = sqs.create_queue(QueueName="healthy-queue")["QueueUrl"]
    set_faults(
        moto_endpoint,
        [
            {"service": "ses", "action": "SendRawEmail", "code": "MessageRejected"},
            {"service": "sqs", "action": "SendMessage", "match": "faulty-queue",
             "code": "KmsThrottled"},
        ],
    )  # fmt: skip
    try:
        with pytest.raises(ClientError) as error:
            ses.send_raw_email(RawMessage={"Data": raw_message("x@example.com", "s", "b")})
        assert error.value.response["Error"]["Code"] == "MessageRejected"
        with pytest.raises(ClientError) as error:
            sqs.send_message(QueueUrl=queue, MessageBody="lost?")
        assert error.value.response["Error"]["Code"] == "KmsThrottled"
        sqs.send_message(QueueUrl=other, MessageBody="kept")
    finally:
        rules = set_faults(moto_endpoint, [])
    assert rules == []
    sqs.send_message(QueueUrl=queue, MessageBody="sent")
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=queue)["Messages"]] == ["sent"]
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=other)["Messages"]] == ["kept"]


def test_a_once_rule_fails_a_request_at_most_once(moto_endpoint):
    sqs = client(moto_endpoint, "sqs")
    queue = sqs.create_queue(QueueName="once-queue")["QueueUrl"]
    set_faults(
        moto_endpoint,
        [{"service": "sqs", "action": "SendMessage", "match": "once-queue", "code": "KmsThrottled",
          "once": True}],
    )  # fmt: skip
    try:
        with pytest.raises(ClientError):
            sqs.send_message(QueueUrl=queue, MessageBody="first")
        sqs.send_message(QueueUrl=queue, MessageBody="first")  # the same request, retried
        with pytest.raises(ClientError):
            sqs.send_message(QueueUrl=queue, MessageBody="second")
    finally:
        set_faults(moto_endpoint, [])
