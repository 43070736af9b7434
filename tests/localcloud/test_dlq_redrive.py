"""make dlq-redrive (tools/dlq.py) on the emulator's SQS and its message move tasks (ext/sqs.py)."""

from __future__ import annotations

import itertools
import json

import pytest
from botocore.exceptions import ClientError

from tests.localcloud.aws import REGION, client
from tools import dlq
from tools.release.target import Target

_names = itertools.count(1)


@pytest.fixture
def env(moto_endpoint):
    """An order queue with its dead-letter queue, named as terraform/pipeline.tf names them."""
    prefix = f"lambda-shop-dlq{next(_names)}"
    sqs = client(moto_endpoint, "sqs")
    dead = sqs.create_queue(QueueName=f"{prefix}-orders-dlq")["QueueUrl"]
    dead_arn = sqs.get_queue_attributes(QueueUrl=dead, AttributeNames=["QueueArn"])
    policy = {"deadLetterTargetArn": dead_arn["Attributes"]["QueueArn"], "maxReceiveCount": 1}
    queue = sqs.create_queue(
        QueueName=f"{prefix}-orders", Attributes={"RedrivePolicy": json.dumps(policy)}
    )["QueueUrl"]
    target = Target(
        env="dlq",
        prefix=prefix,
        region=REGION,
        endpoint=moto_endpoint,
        credentials={"aws_access_key_id": "testing", "aws_secret_access_key": "testing"},
    )
    return target, sqs, queue, dead


def _dead_letter(sqs, queue: str, body: str) -> None:
    """A message that failed maxReceiveCount (1) times: SQS moves it on the next receive."""
    sqs.send_message(QueueUrl=queue, MessageBody=body)
    assert sqs.receive_message(QueueUrl=queue, VisibilityTimeout=0)["Messages"]
    assert "Messages" not in sqs.receive_message(QueueUrl=queue)


def _bodies(sqs, url: str) -> list[str]:
    got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=30)
    return sorted(m["Body"] for m in got.get("Messages", []))


def test_dead_letters_go_back_to_their_queue(env, capsys) -> None:
    target, sqs, queue, dead = env
    for n in range(3):
        _dead_letter(sqs, queue, f"order {n}")
    assert dlq.redrive(target, poll=0.1) == 3
    assert _bodies(sqs, queue) == ["order 0", "order 1", "order 2"]
    assert _bodies(sqs, dead) == []
    assert "moved 3 message(s)" in capsys.readouterr().out
    task = sqs.list_message_move_tasks(SourceArn=_arn(sqs, dead))["Results"][0]
    assert task["Status"] == "COMPLETED" and task["ApproximateNumberOfMessagesMoved"] == 3


def test_an_empty_dead_letter_queue_is_a_clear_error(env) -> None:
    target, *_ = env
    with pytest.raises(dlq.RedriveError, match="orders-dlq is empty"):
        dlq.redrive(target)


def test_an_environment_without_the_queue_is_a_clear_error(env) -> None:
    target, *_ = env
    target.prefix += "-missing"
    with pytest.raises(dlq.RedriveError, match="is not deployed"):
        dlq.redrive(target)


def test_only_a_dead_letter_queue_can_be_a_move_source(env) -> None:
    _, sqs, queue, _ = env
    with pytest.raises(ClientError, match="Dead Letter Queue"):
        sqs.start_message_move_task(SourceArn=_arn(sqs, queue))


def _arn(sqs, url: str) -> str:
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]


def test_the_redrive_allow_policy_is_kept(env) -> None:
    _, sqs, queue, dead = env
    policy = json.dumps({"redrivePermission": "byQueue", "sourceQueueArns": [_arn(sqs, queue)]})
    sqs.set_queue_attributes(QueueUrl=dead, Attributes={"RedriveAllowPolicy": policy})
    got = sqs.get_queue_attributes(QueueUrl=dead, AttributeNames=["RedriveAllowPolicy"])
    assert got["Attributes"] == {"RedriveAllowPolicy": policy}
    assert (
        "RedriveAllowPolicy"
        not in sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
    )


def test_an_emptied_redrive_allow_policy_is_absent(env) -> None:
    # How the AWS provider deletes aws_sqs_queue_redrive_allow_policy; it then waits until the
    # attribute is absent, as SQS leaves it.
    _, sqs, queue, dead = env
    policy = json.dumps({"redrivePermission": "byQueue", "sourceQueueArns": [_arn(sqs, queue)]})
    sqs.set_queue_attributes(QueueUrl=dead, Attributes={"RedriveAllowPolicy": policy})
    sqs.set_queue_attributes(QueueUrl=dead, Attributes={"RedriveAllowPolicy": ""})
    named = sqs.get_queue_attributes(QueueUrl=dead, AttributeNames=["RedriveAllowPolicy"])
    everything = sqs.get_queue_attributes(QueueUrl=dead, AttributeNames=["All"])
    assert "RedriveAllowPolicy" not in named.get("Attributes", {})
    assert "RedriveAllowPolicy" not in everything["Attributes"]
