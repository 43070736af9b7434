"""A Tasks API (django-tasks) backend that enqueues onto an SQS queue, and the worker side that
runs a message from it.

django-tasks-sqs would be the ready-made backend, but it needs Django 6's own `django.tasks` and
Python 3.12, and this project runs Django 5.2 (the backport) with a 3.11 lock. The enqueue side is
one SendMessage; the consume side is Lambda's event source mapping, which no worker loop of a
library would replace.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_random_id, normalize_json

log = logging.getLogger(__name__)

MESSAGE_VERSION = 1
_clients: dict[str, Any] = {}


class BadTaskMessage(ValueError):
    """A queue message that is not a task this code knows how to run."""


def sqs_client(region: str | None) -> Any:
    # boto3 costs a noticeable share of a cold start; only a function that enqueues pays it.
    key = region or ""
    if key not in _clients:
        import boto3

        _clients[key] = boto3.client("sqs", region_name=region)
    return _clients[key]


class SQSBackend(BaseTaskBackend):
    """OPTIONS: QUEUE_URL (the queue this function may send to) and REGION."""

    def __init__(self, alias: str, params: dict) -> None:
        super().__init__(alias, params)
        self.queue_url = self.options.get("QUEUE_URL") or ""
        self.region = self.options.get("REGION") or None

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        self.validate_task(task)
        if not self.queue_url:
            raise ImproperlyConfigured(
                f"TASKS[{self.alias!r}] has no QUEUE_URL: set SHOP_ORDER_QUEUE_URL"
            )
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=normalize_json(args),
            kwargs=normalize_json(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        body = {
            "version": MESSAGE_VERSION,
            "id": result.id,
            "task": task.module_path,
            "queue": task.queue_name,
            "args": result.args,
            "kwargs": result.kwargs,
            "enqueued_at": result.enqueued_at.isoformat(),
        }
        sqs_client(self.region).send_message(
            QueueUrl=self.queue_url, MessageBody=json.dumps(body, separators=(",", ":"))
        )
        task_enqueued.send(type(self), task_result=result)
        return result


def parse_message(body: str) -> tuple[Task, list[Any], dict[str, Any]]:
    """The task and arguments of a queue message; BadTaskMessage when it is not one of ours."""
    try:
        message = json.loads(body)
    except ValueError as exc:
        raise BadTaskMessage(f"not JSON: {exc}") from None
    if not isinstance(message, dict) or message.get("version") != MESSAGE_VERSION:
        raise BadTaskMessage(f"not a version {MESSAGE_VERSION} task message")
    path, args, kwargs = message.get("task"), message.get("args"), message.get("kwargs")
    if not isinstance(path, str) or not isinstance(args, list) or not isinstance(kwargs, dict):
        raise BadTaskMessage("task, args and kwargs must be a string, a list and an object")
    # Only names of this app's task modules are imported: a message can never pick any callable.
    if not path.startswith("shop.") or ".tasks." not in f".{path}":
        raise BadTaskMessage(f"{path!r} is not a shop task")
    try:
        task = import_string(path)
    except ImportError as exc:
        raise BadTaskMessage(f"unknown task {path!r}: {exc}") from None
    if not isinstance(task, Task):
        raise BadTaskMessage(f"{path!r} is not a task")
    return task, args, kwargs


def run_message(body: str) -> Any:
    """Run the task a queue message names, in this process (the worker function)."""
    task, args, kwargs = parse_message(body)
    return task.call(*args, **kwargs)
