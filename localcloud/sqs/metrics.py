"""The metrics SQS sends CloudWatch, which moto does not: AWS/SQS per QueueName.

SQS reports ApproximateNumberOfMessagesVisible, ...NotVisible and ...Delayed for each active queue
every minute ("Available CloudWatch metrics for Amazon SQS"); locally they go to the emulator's
CloudWatch every few seconds, for the queues of the environment's event source mappings and their
dead-letter queues, so an alarm on them (the dead-letter queue's "not empty") is evaluated by
localcloud.awslambda.metrics.AlarmEvaluator as CloudWatch would.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from localcloud.awslambda.metrics import _Every

NAMESPACE = "AWS/SQS"
METRICS = {
    "ApproximateNumberOfMessagesVisible": "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible": "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed": "ApproximateNumberOfMessagesDelayed",
}


class QueueMetrics:
    def __init__(self, sqs: Any, cloudwatch: Any, *, queue_urls: list[str], interval: float = 5.0):
        self._sqs = sqs
        self._cloudwatch = cloudwatch
        self.queue_urls = list(queue_urls)
        self._loop = _Every(interval, self.publish, "sqs-metrics")

    @classmethod
    def for_mapped_queues(cls, sqs: Any, cloudwatch: Any, urls: list[str], **kwargs: Any):
        """The mapped queues and the dead-letter queues their RedrivePolicy names."""
        found = list(urls)
        for url in urls:
            attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["RedrivePolicy"])
            redrive = json.loads(attributes["Attributes"].get("RedrivePolicy") or "{}")
            if redrive.get("deadLetterTargetArn"):
                _, _, _, _, account, name = redrive["deadLetterTargetArn"].split(":")
                dlq = sqs.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)
                found.append(dlq["QueueUrl"])
        return cls(sqs, cloudwatch, queue_urls=sorted(set(found)), **kwargs)

    def publish(self) -> None:
        now = dt.datetime.now(dt.UTC)
        data = []
        for url in self.queue_urls:
            attributes = self._sqs.get_queue_attributes(
                QueueUrl=url, AttributeNames=list(METRICS.values())
            )["Attributes"]
            dims = [{"Name": "QueueName", "Value": url.rsplit("/", 1)[1]}]
            data += [
                {
                    "MetricName": metric,
                    "Dimensions": dims,
                    "Timestamp": now,
                    "Value": float(attributes.get(attribute, 0)),
                    "Unit": "Count",
                }
                for metric, attribute in METRICS.items()
            ]
        for start in range(0, len(data), 500):
            self._cloudwatch.put_metric_data(
                Namespace=NAMESPACE, MetricData=data[start : start + 500]
            )

    def close(self) -> None:
        self._loop.stop()
