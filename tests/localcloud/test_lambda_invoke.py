"""moto's Lambda Invoke runs the deployed code in the local Lambda runtime (ext.awslambda)."""

import base64
import io
import json
import zipfile

import boto3
import pytest
from botocore.config import Config

from tests.localcloud.aws import FIXTURES, REGION, client

TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


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


def test_an_sqs_event_source_mapping_runs_the_handler(function, moto_endpoint):
    sqs = client(moto_endpoint, "sqs")
    inbox = sqs.create_queue(QueueName="invoke-test-in")["QueueUrl"]
    replies = sqs.create_queue(QueueName="invoke-test-replies")["QueueUrl"]
    inbox_arn = sqs.get_queue_attributes(QueueUrl=inbox, AttributeNames=["QueueArn"])
    function.create_event_source_mapping(
        EventSourceArn=inbox_arn["Attributes"]["QueueArn"],
        FunctionName="invoke-test:live",
        BatchSize=1,
    )
    sqs.send_message(QueueUrl=inbox, MessageBody=json.dumps({"reply_to": replies, "text": "hi"}))
    received = sqs.receive_message(QueueUrl=replies, WaitTimeSeconds=10).get("Messages", [])
    assert [m["Body"] for m in received] == ["hi"]
