"""SQS's dead-letter queue redrive, which moto 5 lacks: RedriveAllowPolicy and message move tasks.

moto stores a queue's RedriveAllowPolicy but never returns it (GetQueueAttributes refuses the
name), so the AWS provider waits forever for the one it set; the attribute is returned as
SetQueueAttributes stored it, as SQS does. Set to "" (how the provider deletes
aws_sqs_queue_redrive_allow_policy) it is gone from the answers, as on SQS: the provider waits
for it to be absent, and an empty value present would keep `terraform destroy` waiting until its
timeout.

StartMessageMoveTask, ListMessageMoveTasks and CancelMessageMoveTask, as the SQS API reference
describes them: the source must be a dead-letter queue (some queue's redrive policy targets it);
without DestinationArn the messages go back to the queue they came from, which the emulator
takes to be the one source queue whose redrive policy names it (AWS records the origin per
message; with several sources give DestinationArn); a source has at most one running task
(AWS: "Only one active message movement task is supported per queue at any given time").

Messages are moved with moto's own backend calls (receive, send, delete), so each moved message
is a new message of the destination with its body and attributes, received zero times, as on
AWS. The move runs to completion inside the call; the task is then listed as COMPLETED with
ApproximateNumberOfMessagesMoved, which is what `make dlq-redrive` waits for.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

from moto.core.responses import ActionResult
from moto.sqs import models, responses
from moto.sqs.exceptions import InvalidParameterValue, SQSException

_INSTALLED = False
_LOCK = threading.Lock()
# What one receive takes at most (SQS's own limit per ReceiveMessage).
_BATCH = 10


@dataclass
class MoveTask:
    handle: str
    source_arn: str
    destination_arn: str | None
    status: str
    to_move: int
    moved: int = 0
    started: int = 0
    rate: int | None = None
    failure: str | None = None

    def describe(self) -> dict[str, Any]:
        result = {
            "TaskHandle": self.handle,
            "Status": self.status,
            "SourceArn": self.source_arn,
            "ApproximateNumberOfMessagesMoved": self.moved,
            "ApproximateNumberOfMessagesToMove": self.to_move,
            "StartedTimestamp": self.started,
        }
        if self.destination_arn:
            result["DestinationArn"] = self.destination_arn
        if self.rate is not None:
            result["MaxNumberOfMessagesPerSecond"] = self.rate
        if self.failure:
            result["FailureReason"] = self.failure
        return result


# Tasks per backend (account and region), newest last.
_TASKS: dict[int, list[MoveTask]] = {}


def _queue_by_arn(backend: models.SQSBackend, arn: str) -> models.Queue:
    for queue in backend.queues.values():
        if queue.queue_arn == arn:
            return queue
    raise SQSException("ResourceNotFoundException", f"The resource {arn} does not exist.")


def _sources(backend: models.SQSBackend, dead_letter: models.Queue) -> list[models.Queue]:
    return [q for q in backend.queues.values() if q.dead_letter_queue is dead_letter]


def _move(backend: models.SQSBackend, task: MoveTask, source: str, destination: str) -> None:
    while task.moved < task.to_move and task.status == "RUNNING":
        batch = backend.receive_message(
            source, min(_BATCH, task.to_move - task.moved), 0, 30, ["All"]
        )
        if not batch:
            break
        for message in batch:
            backend.send_message(
                destination,
                message.body,
                message_attributes=message.message_attributes or None,
            )
            backend.delete_message(source, message.receipt_handle)
            task.moved += 1
        if task.rate:
            time.sleep(len(batch) / task.rate)


def start_message_move_task(self: responses.SQSResponse) -> ActionResult:
    backend = self.sqs_backend
    source_arn = self._get_param("SourceArn")
    destination_arn = self._get_param("DestinationArn")
    rate = self._get_param("MaxNumberOfMessagesPerSecond")
    source = _queue_by_arn(backend, source_arn)
    sources = _sources(backend, source)
    if not sources:
        raise InvalidParameterValue("Source queue must be configured as a Dead Letter Queue.")
    if destination_arn:
        destination = _queue_by_arn(backend, destination_arn)
    elif len(sources) == 1:
        destination = sources[0]
    else:
        raise InvalidParameterValue(
            "The emulator does not record each message's origin: pass DestinationArn."
        )
    if rate is not None and not 1 <= int(rate) <= 500:
        raise InvalidParameterValue("MaxNumberOfMessagesPerSecond must be from 1 to 500.")
    tasks = _TASKS.setdefault(id(backend), [])
    with _LOCK:
        if any(t.source_arn == source_arn and t.status == "RUNNING" for t in tasks):
            raise SQSException(
                "UnsupportedOperation",
                "There is already a task running. Only one active task is allowed for a "
                "source queue arn at a given time.",
            )
        task = MoveTask(
            handle=str(uuid.uuid4()),
            source_arn=source_arn,
            destination_arn=destination_arn,
            status="RUNNING",
            to_move=int(source.approximate_number_of_messages),
            started=int(time.time() * 1000),
            rate=int(rate) if rate is not None else None,
        )
        tasks.append(task)
    try:
        _move(backend, task, source.name, destination.name)
    except SQSException as exc:
        task.status, task.failure = "FAILED", exc.message
    else:
        if task.status == "RUNNING":
            task.status = "COMPLETED"
    return ActionResult({"TaskHandle": task.handle})


def list_message_move_tasks(self: responses.SQSResponse) -> ActionResult:
    source_arn = self._get_param("SourceArn")
    limit = int(self._get_param("MaxResults") or 1)
    if not 1 <= limit <= 10:
        raise InvalidParameterValue("MaxResults must be from 1 to 10.")
    _queue_by_arn(self.sqs_backend, source_arn)
    tasks = [t for t in _TASKS.get(id(self.sqs_backend), []) if t.source_arn == source_arn]
    return ActionResult({"Results": [t.describe() for t in reversed(tasks)][:limit]})


def cancel_message_move_task(self: responses.SQSResponse) -> ActionResult:
    handle = self._get_param("TaskHandle")
    for task in _TASKS.get(id(self.sqs_backend), []):
        if task.handle == handle:
            if task.status != "RUNNING":
                raise SQSException("ResourceNotFoundException", "Task does not exist.")
            task.status = "CANCELLED"
            return ActionResult({"ApproximateNumberOfMessagesMoved": task.moved})
    raise SQSException("ResourceNotFoundException", "Task does not exist.")


def _redrive_allow_policy(queue: models.Queue) -> str | None:
    return queue.__dict__.get("_redrive_allow_policy")


def _set_redrive_allow_policy(queue: models.Queue, value: str | None) -> None:
    queue.__dict__["_redrive_allow_policy"] = value or None


def install() -> None:
    global _INSTALLED
    if _INSTALLED:
        return
    # Read like the other stored attributes: None (left out of answers) until one is set.
    models.Queue.redrive_allow_policy = property(_redrive_allow_policy, _set_redrive_allow_policy)
    models.Queue.BASE_ATTRIBUTES.append("RedriveAllowPolicy")
    responses.SQSResponse.start_message_move_task = start_message_move_task
    responses.SQSResponse.list_message_move_tasks = list_message_move_tasks
    responses.SQSResponse.cancel_message_move_task = cancel_message_move_task
    _INSTALLED = True
