"""SQS's CloudWatch metrics for the mapped queues (sqs.metrics) and alarms evaluated on them."""

import json

from localcloud.awslambda.metrics import AlarmEvaluator
from localcloud.sqs.metrics import QueueMetrics
from tests.localcloud.aws import client


def test_a_dead_letter_queue_alarm_fires_while_it_holds_a_message(moto_endpoint):
    sqs, cloudwatch = client(moto_endpoint, "sqs"), client(moto_endpoint, "cloudwatch")
    dlq = sqs.create_queue(QueueName="metrics-test-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]
    redrive = {"deadLetterTargetArn": dlq_arn["QueueArn"], "maxReceiveCount": 5}
    queue = sqs.create_queue(
        QueueName="metrics-test", Attributes={"RedrivePolicy": json.dumps(redrive)}
    )["QueueUrl"]
    # The shape modules/order_queue gives its alarm.
    cloudwatch.put_metric_alarm(
        AlarmName="metrics-test-dlq-not-empty",
        Namespace="AWS/SQS",
        MetricName="ApproximateNumberOfMessagesVisible",
        Dimensions=[{"Name": "QueueName", "Value": "metrics-test-dlq"}],
        Statistic="Maximum",
        Period=60,
        EvaluationPeriods=1,
        Threshold=0,
        ComparisonOperator="GreaterThanThreshold",
        TreatMissingData="notBreaching",
    )
    metrics = QueueMetrics.for_mapped_queues(sqs, cloudwatch, [queue], interval=3600)
    evaluator = AlarmEvaluator(cloudwatch, interval=3600)
    try:
        assert metrics.queue_urls == sorted([queue, dlq])
        metrics.publish()
        evaluator.evaluate()

        def state():
            alarms = cloudwatch.describe_alarms(AlarmNames=["metrics-test-dlq-not-empty"])
            return alarms["MetricAlarms"][0]["StateValue"]

        assert state() in {"OK", "INSUFFICIENT_DATA"}
        sqs.send_message(QueueUrl=dlq, MessageBody="dead")
        metrics.publish()
        evaluator.evaluate()
        assert state() == "ALARM"
    finally:
        metrics.close()
        evaluator.close()
