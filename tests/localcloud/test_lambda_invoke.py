"""moto's Lambda Invoke runs the deployed code in the local Lambda runtime (ext.awslambda)."""

import base64
import io
import json
import zipfile

import boto3
import pytest
from botocore.config import Config

from localcloud.awslambda.event_source_mapping import SqsPoller
from localcloud.awslambda.pool import Invocation
from tests.localcloud.aws import FIXTURES, REGION, client
from tests.localcloud.aws import LAMBDA_TRUST as TRUST


def package(marker: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(FIXTURES / "invoke_handler.py", "invoke_handler.py")
        archive.writestr("marker.txt", marker)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def function(moto_endpoint):
    """Version 1 (alias live) and version 2 of one function, each with its own code."""
    role = client(moto_endpoint, "iam").create_role(
        RoleName="invoke-test", AssumeRolePolicyDocument=json.dumps(TRUST)
    )["Role"]
    # The code runs as this role, and the emulator enforces it as IAM would: what the SQS test's
    # handler does (reply on a queue), and what Lambda's poller needs of the mapped queue.
    client(moto_endpoint, "iam").put_role_policy(
        RoleName="invoke-test",
        PolicyName="queues",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": [
                            "sqs:SendMessage",
                            "sqs:ReceiveMessage",
                            "sqs:DeleteMessage",
                            "sqs:GetQueueAttributes",
                        ],
                        "Resource": f"arn:aws:sqs:{REGION}:*:invoke-test-*",
                    }
                ],
            }
        ),
    )
    # The first invoke may install the runtime's boto3 into the build cache.
    fn = boto3.client(
        "lambda",
        endpoint_url=moto_endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(read_timeout=600, retries={"max_attempts": 0}),
    )
    fn.create_function(
        FunctionName="invoke-test",
        Runtime="python3.13",
        Role=role["Arn"],
        Handler="invoke_handler.handler",
        Code={"ZipFile": package("one")},
        Environment={"Variables": {"SETTING": "first"}},
        Timeout=30,
        Publish=True,
    )
    fn.create_alias(FunctionName="invoke-test", Name="live", FunctionVersion="1")
    fn.update_function_code(FunctionName="invoke-test", ZipFile=package("two"))
    fn.update_function_configuration(
        FunctionName="invoke-test", Environment={"Variables": {"SETTING": "second"}}
    )
    assert fn.publish_version(FunctionName="invoke-test")["Version"] == "2"
    return fn


def invoke(fn, payload, **kwargs):
    response = fn.invoke(FunctionName="invoke-test", Payload=json.dumps(payload), **kwargs)
    return response, json.loads(response["Payload"].read())


def test_an_alias_runs_its_version_with_its_environment_as_its_role(function):
    response, result = invoke(function, {"order": 7}, Qualifier="live")
    assert "FunctionError" not in response
    assert response["ExecutedVersion"] == "1"
    assert result["event"] == {"order": 7}
    assert (result["version"], result["marker"], result["setting"]) == ("1", "one", "first")
    # Back at the emulator (AWS_ENDPOINT_URL) with the execution role's credentials.
    assert result["caller"].startswith("arn:aws:sts::123456789012:assumed-role/invoke-test/")


def test_a_version_number_runs_that_version(function):
    _, result = invoke(function, {}, Qualifier="2")
    assert (result["version"], result["marker"], result["setting"]) == ("2", "two", "second")


def test_a_handler_exception_is_an_unhandled_function_error(function):
    response, result = invoke(function, {"fail": True}, Qualifier="live")
    assert response["FunctionError"] == "Unhandled"
    assert (result["errorType"], result["errorMessage"]) == ("ValueError", "asked to fail")
    assert any("asked to fail" in line for line in result["stackTrace"])


def test_log_type_tail_returns_the_end_of_the_functions_log(function):
    response, _ = invoke(function, {"log": "me"}, Qualifier="live", LogType="Tail")
    log = base64.b64decode(response["LogResult"]).decode()
    assert "invoked with {'log': 'me'}" in log
    assert "START RequestId:" in log


def mapped_queue(function, sqs, name, **mapping):
    url = sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "30"})["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
    esm = function.create_event_source_mapping(
        EventSourceArn=arn["Attributes"]["QueueArn"], FunctionName="invoke-test:live", **mapping
    )
    return url, esm


def test_an_sqs_event_source_mapping_runs_the_handler(function, moto_endpoint):
    """Lambda's poller (awslambda.event_source_mapping) runs the mapping, through Invoke."""
    sqs = client(moto_endpoint, "sqs")
    inbox, esm = mapped_queue(function, sqs, "invoke-test-in", BatchSize=1)
    replies = sqs.create_queue(QueueName="invoke-test-replies")["QueueUrl"]
    # The mapping names the alias, as AWS keeps it (moto named the version behind it).
    assert esm["FunctionArn"].endswith(":function:invoke-test:live")

    def invoke(arn, event):
        name, qualifier = arn.rsplit(":", 1)
        response = function.invoke(
            FunctionName=name, Qualifier=qualifier, Payload=json.dumps(event)
        )
        payload = json.loads(response["Payload"].read())
        return Invocation(status="error" if "FunctionError" in response else "ok", payload=payload)

    poller = SqsPoller(lambda_client=function, sqs=sqs, uuid=esm["UUID"], invoke=invoke).start()
    try:
        sqs.send_message(
            QueueUrl=inbox, MessageBody=json.dumps({"reply_to": replies, "text": "hi"})
        )
        received = sqs.receive_message(QueueUrl=replies, WaitTimeSeconds=20).get("Messages", [])
        assert [m["Body"] for m in received] == ["hi"]
    finally:
        poller.stop()
    # Deleted once the handler succeeded: nothing visible, nothing in flight.
    counts = sqs.get_queue_attributes(
        QueueUrl=inbox,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    assert counts == {
        "ApproximateNumberOfMessages": "0",
        "ApproximateNumberOfMessagesNotVisible": "0",
    }


def test_without_the_poller_a_mapped_queue_keeps_its_messages(function, moto_endpoint):
    """moto's own in-line delivery inside SendMessage is off: the poller is the one mechanism."""
    sqs = client(moto_endpoint, "sqs")
    inbox, _ = mapped_queue(function, sqs, "invoke-test-idle", BatchSize=1)
    replies = sqs.create_queue(QueueName="invoke-test-idle-replies")["QueueUrl"]
    sqs.send_message(QueueUrl=inbox, MessageBody=json.dumps({"reply_to": replies, "text": "hi"}))
    assert sqs.receive_message(QueueUrl=replies, WaitTimeSeconds=2).get("Messages", []) == []
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=inbox).get("Messages", [])] == [
        json.dumps({"reply_to": replies, "text": "hi"})
    ]


def test_a_queue_that_hides_messages_shorter_than_the_function_runs_is_refused(
    function, moto_endpoint
):
    sqs = client(moto_endpoint, "sqs")
    url = sqs.create_queue(QueueName="invoke-test-short", Attributes={"VisibilityTimeout": "5"})
    arn = sqs.get_queue_attributes(QueueUrl=url["QueueUrl"], AttributeNames=["QueueArn"])
    with pytest.raises(function.exceptions.InvalidParameterValueException) as error:
        function.create_event_source_mapping(
            EventSourceArn=arn["Attributes"]["QueueArn"], FunctionName="invoke-test:live"
        )
    assert "Queue visibility timeout: 5 seconds is less than Function timeout: 30 seconds" in str(
        error.value
    )
