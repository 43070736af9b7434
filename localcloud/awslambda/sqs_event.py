"""The event Lambda's SQS poller invokes a function with, from what ReceiveMessage returned.

The one builder of SQS events (the poller, tests and the pipeline benchmark use it). Its shape is
the sample event of Lambda's guide, "Using Lambda with Amazon SQS"
(tests/localcloud/fixtures/sqs-event.json): camel-case record keys, the system attributes as
strings, message attributes with lower-case value keys and empty list values, and the queue's
ARN and region on every record.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from typing import Any


def _message_attribute(value: Mapping[str, Any]) -> dict[str, Any]:
    attribute: dict[str, Any] = {
        "stringListValues": list(value.get("StringListValues") or []),
        "binaryListValues": [
            base64.b64encode(v).decode("ascii") for v in value.get("BinaryListValues") or []
        ],
        "dataType": value["DataType"],
    }
    if "StringValue" in value:
        attribute["stringValue"] = value["StringValue"]
    if "BinaryValue" in value:
        attribute["binaryValue"] = base64.b64encode(value["BinaryValue"]).decode("ascii")
    return attribute


def sqs_record(message: Mapping[str, Any], *, queue_arn: str) -> dict[str, Any]:
    """One record, from one message of boto3's receive_message (AttributeNames=["All"])."""
    record: dict[str, Any] = {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": {k: str(v) for k, v in (message.get("Attributes") or {}).items()},
        "messageAttributes": {
            name: _message_attribute(value)
            for name, value in (message.get("MessageAttributes") or {}).items()
        },
        "md5OfBody": message["MD5OfBody"],
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": queue_arn.split(":")[3],
    }
    if message.get("MD5OfMessageAttributes"):
        record["md5OfMessageAttributes"] = message["MD5OfMessageAttributes"]
    return record


def sqs_event(messages: Iterable[Mapping[str, Any]], *, queue_arn: str) -> dict[str, Any]:
    return {"Records": [sqs_record(m, queue_arn=queue_arn) for m in messages]}
