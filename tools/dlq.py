"""python -m tools.dlq redrive --env ENV: the order queue's dead letters back to the queue.

The same call the console's "Start DLQ redrive" makes, SQS's StartMessageMoveTask (without a
destination SQS returns each message to the queue it came from), then ListMessageMoveTasks until
the task ends. The environment is found as tools/release finds it: on the local cloud when
`make up` deployed it, else on AWS with the caller's credentials.
"""

from __future__ import annotations

import argparse
import sys
import time

from botocore.exceptions import BotoCoreError, ClientError

from tools.release.target import Target, TargetError, resolve

# Names from terraform/pipeline.tf (module.order_queue): <prefix>-orders and <prefix>-orders-dlq.
QUEUE_SUFFIX = "orders"
ENDED = {"COMPLETED", "CANCELLED", "FAILED"}


class RedriveError(RuntimeError):
    """Nothing to redrive, or the move failed; the message says why."""


def _queue(target: Target, name: str) -> tuple[str, dict[str, str]]:
    sqs = target.client("sqs")
    try:
        url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
    except ClientError as exc:
        raise RedriveError(f"{name} is not deployed in {target.where}: {exc}") from None
    attributes = sqs.get_queue_attributes(
        QueueUrl=url, AttributeNames=["QueueArn", "ApproximateNumberOfMessages"]
    )["Attributes"]
    return url, attributes


def redrive(target: Target, *, poll: float = 1.0, timeout: float = 900.0) -> int:
    """Move every message of the dead-letter queue back; the number moved."""
    queue = f"{target.prefix}-{QUEUE_SUFFIX}"
    dead_letters = f"{queue}-dlq"
    _, attributes = _queue(target, dead_letters)
    waiting = int(attributes["ApproximateNumberOfMessages"])
    if waiting == 0:
        raise RedriveError(f"{dead_letters} is empty in {target.where}: nothing to redrive")
    print(f"{dead_letters}: {waiting} message(s) back to {queue} ({target.where})")
    sqs = target.client("sqs")
    source = attributes["QueueArn"]
    handle = sqs.start_message_move_task(SourceArn=source)["TaskHandle"]
    deadline = time.monotonic() + timeout
    while True:
        tasks = sqs.list_message_move_tasks(SourceArn=source, MaxResults=10)["Results"]
        task = next((t for t in tasks if t.get("TaskHandle") == handle), tasks[0] if tasks else {})
        if task.get("Status") in ENDED:
            break
        if time.monotonic() > deadline:
            raise RedriveError(f"the move task {handle} is still {task.get('Status')}")
        time.sleep(poll)
    moved = int(task.get("ApproximateNumberOfMessagesMoved", 0))
    if task["Status"] != "COMPLETED":
        reason = task.get("FailureReason") or "no reason given"
        raise RedriveError(f"the move task ended {task['Status']} after {moved}: {reason}")
    print(f"moved {moved} message(s) from {dead_letters} to {queue}")
    return moved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.dlq")
    parser.add_argument("command", choices=["redrive"])
    parser.add_argument("--env", required=True)
    parser.add_argument("--project", default="lambda-shop")
    parser.add_argument("--region")
    args = parser.parse_args(argv)
    try:
        redrive(resolve(args.env, project=args.project, region=args.region))
    except (TargetError, RedriveError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (BotoCoreError, ClientError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
