"""Lambda's SQS poller against the emulator's queues and mappings (awslambda.event_source_mapping).

The function is a callable here: what is under test is the poller and SQS (moto's), not a runtime.
"""

import json
import threading
import time
import uuid

import pytest

from localcloud.awslambda.event_source_mapping import SqsPoller, failed_records
from localcloud.awslambda.pool import Invocation
from tests.localcloud.aws import FIXTURES, LAMBDA_TRUST, client, fake_zip


@pytest.fixture(scope="module")
def aws(moto_endpoint):
    lam, iam = client(moto_endpoint, "lambda"), client(moto_endpoint, "iam")
    role = iam.create_role(RoleName="esm-test", AssumeRolePolicyDocument=json.dumps(LAMBDA_TRUST))
    lam.create_function(
        FunctionName="esm-test",
        Runtime="python3.13",
        Role=role["Role"]["Arn"],
        Handler="fake_handler.handler",
        Code={"ZipFile": fake_zip()},
        Timeout=1,
        Publish=True,
    )
    lam.create_alias(FunctionName="esm-test", Name="live", FunctionVersion="1")
    return {"lambda": lam, "sqs": client(moto_endpoint, "sqs")}


def mapped_queue(aws, *, max_receives=None, **mapping):
    """A queue (2 s visibility) with its dead-letter queue, mapped to the function's alias."""
    sqs, name = aws["sqs"], f"esm-{uuid.uuid4().hex[:8]}"
    dlq = sqs.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]
    attributes = {"VisibilityTimeout": "2"}
    if max_receives:
        attributes["RedrivePolicy"] = json.dumps(
            {"deadLetterTargetArn": dlq_arn["QueueArn"], "maxReceiveCount": max_receives}
        )
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    esm = aws["lambda"].create_event_source_mapping(
        EventSourceArn=arn["QueueArn"], FunctionName="esm-test:live", **mapping
    )
    return url, dlq, esm


class Function:
    """Records every batch; fails the records whose body is in `fail` (a partial response)."""

    def __init__(self, *, fail=(), answer=None, hold=0.0):
        self.batches: list[list[dict]] = []
        self.fail = set(fail)
        self.answer = answer
        self.hold = hold
        self.running = self.most = 0
        self.lock = threading.Lock()

    def __call__(self, arn, event):
        with self.lock:
            self.batches.append(event["Records"])
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(self.hold)
        with self.lock:
            self.running -= 1
        if self.answer is not None:
            return Invocation(status="ok", payload=self.answer)
        failures = [
            {"itemIdentifier": r["messageId"]} for r in event["Records"] if r["body"] in self.fail
        ]
        return Invocation(status="ok", payload={"batchItemFailures": failures})

    def bodies(self):
        return [r["body"] for batch in self.batches for r in batch]


def wait_for(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def counts(sqs, url):
    got = sqs.get_queue_attributes(
        QueueUrl=url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return int(got["ApproximateNumberOfMessages"]), int(
        got["ApproximateNumberOfMessagesNotVisible"]
    )


def poll(aws, esm, function, **kwargs):
    return SqsPoller(
        lambda_client=aws["lambda"], sqs=aws["sqs"], uuid=esm["UUID"], invoke=function, **kwargs
    ).start()


def test_a_failed_record_retries_until_the_dead_letter_queue_and_the_rest_is_deleted(aws):
    url, dlq, esm = mapped_queue(
        aws,
        max_receives=3,
        BatchSize=5,
        MaximumBatchingWindowInSeconds=1,
        FunctionResponseTypes=["ReportBatchItemFailures"],
    )
    function = Function(fail={"poison"})
    aws["sqs"].send_message_batch(
        QueueUrl=url,
        Entries=[{"Id": str(i), "MessageBody": b} for i, b in enumerate(["a", "poison", "b"])],
    )
    poller = poll(aws, esm, function)
    try:
        wait_for(lambda: counts(aws["sqs"], dlq)[0] == 1)
    finally:
        poller.stop()
    # One batch held all three; the poison came back alone after each visibility timeout, and
    # SQS moved it on the receive after its third.
    assert sorted(r["body"] for r in function.batches[0]) == ["a", "b", "poison"]
    assert function.bodies().count("poison") == 3
    assert (function.bodies().count("a"), function.bodies().count("b")) == (1, 1)
    assert counts(aws["sqs"], url) == (0, 0)
    dead = aws["sqs"].receive_message(QueueUrl=dlq)["Messages"]
    assert [m["Body"] for m in dead] == ["poison"]


def test_the_records_have_the_shape_of_lambdas_sample_event(aws):
    url, _, esm = mapped_queue(aws, BatchSize=1)
    function = Function()
    aws["sqs"].send_message(
        QueueUrl=url,
        MessageBody="test",
        MessageAttributes={"myAttribute": {"DataType": "String", "StringValue": "myValue"}},
    )
    poller = poll(aws, esm, function)
    try:
        wait_for(lambda: function.batches)
    finally:
        poller.stop()
    sample = json.loads((FIXTURES / "sqs-event.json").read_text())["Records"][0]
    record = function.batches[0][0]
    assert set(record) - {"md5OfMessageAttributes"} == set(sample)
    assert set(record["attributes"]) >= set(sample["attributes"])
    assert record["messageAttributes"] == sample["messageAttributes"]
    assert (record["body"], record["md5OfBody"]) == ("test", sample["md5OfBody"])
    assert (record["eventSource"], record["awsRegion"]) == (
        "aws:sqs",
        esm["EventSourceArn"].split(":")[3],
    )
    assert record["eventSourceARN"] == esm["EventSourceArn"]


@pytest.mark.parametrize(
    ("answer", "retried"),
    [
        (None, set()),
        ({}, set()),
        ({"batchItemFailures": []}, set()),
        ({"batchItemFailures": None}, set()),
        ({"batchItemFailures": [{"itemIdentifier": "m2"}]}, {"m2"}),
        ("not an object", {"m1", "m2"}),
        ({"batchItemFailures": [{"itemIdentifier": ""}]}, {"m1", "m2"}),
        ({"batchItemFailures": [{"itemIdentifier": None}]}, {"m1", "m2"}),
        ({"batchItemFailures": [{"id": "m2"}]}, {"m1", "m2"}),
        ({"batchItemFailures": [{"itemIdentifier": "elsewhere"}]}, {"m1", "m2"}),
    ],
)
def test_partial_batch_responses_as_lambda_reads_them(answer, retried):
    assert failed_records(answer, ["m1", "m2"]) == retried


def test_an_invalid_response_retries_the_whole_batch(aws):
    url, _, esm = mapped_queue(aws, BatchSize=2, FunctionResponseTypes=["ReportBatchItemFailures"])
    function = Function(answer={"batchItemFailures": [{"itemIdentifier": ""}]})
    aws["sqs"].send_message_batch(
        QueueUrl=url, Entries=[{"Id": "1", "MessageBody": "x"}, {"Id": "2", "MessageBody": "y"}]
    )
    poller = poll(aws, esm, function)
    try:
        wait_for(lambda: len(function.bodies()) >= 4)
    finally:
        poller.stop()
    assert sorted(function.bodies()[:4]) == ["x", "x", "y", "y"]


def test_without_report_batch_item_failures_a_partial_answer_deletes_everything(aws):
    url, _, esm = mapped_queue(aws, BatchSize=2)
    function = Function(fail={"x"})
    aws["sqs"].send_message(QueueUrl=url, MessageBody="x")
    poller = poll(aws, esm, function)
    try:
        wait_for(lambda: function.batches)
        time.sleep(2.5)  # past the visibility timeout: a kept message would be back
    finally:
        poller.stop()
    assert function.bodies() == ["x"]
    assert counts(aws["sqs"], url) == (0, 0)


def test_maximum_concurrency_bounds_the_invocations_and_a_disabled_mapping_polls_nothing(aws):
    url, _, esm = mapped_queue(aws, BatchSize=1, ScalingConfig={"MaximumConcurrency": 2})
    aws["lambda"].update_event_source_mapping(UUID=esm["UUID"], Enabled=False)
    function = Function(hold=0.3)
    aws["sqs"].send_message_batch(
        QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": str(i)} for i in range(8)]
    )
    poller = poll(aws, esm, function, cap=4, refresh=0.2)
    try:
        time.sleep(1)
        assert function.batches == []
        aws["lambda"].update_event_source_mapping(UUID=esm["UUID"], Enabled=True)
        wait_for(lambda: len(function.bodies()) == 8)
    finally:
        poller.stop()
    assert sorted(function.bodies()) == [str(i) for i in range(8)]
    assert function.most <= 2
