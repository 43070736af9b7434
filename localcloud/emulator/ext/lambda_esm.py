"""Lambda's SQS event source mappings as AWS keeps them; the local cloud's poller runs them.

moto invokes a mapped function synchronously inside SendMessage, with a receive of its own that
ignores the mapping's batching window, concurrency and partial batch responses. The local cloud
polls like Lambda's own poller instead (localcloud.awslambda.event_source_mapping), so moto's
in-line delivery is switched off here: the mapping is kept, the queue is not told about it.

What AWS answers differently, and the Terraform provider reads back:
- FunctionArn keeps the qualifier the mapping was created with (an alias: `...:function:f:live`);
  moto names the version the alias pointed at, so a mapping would never follow the alias.
- CreateEventSourceMapping refuses a queue whose visibility timeout is shorter than the function's
  timeout (InvalidParameterValueException, "Queue visibility timeout: 30 seconds is less than
  Function timeout: 60 seconds"; see "Configuring a queue to use with Lambda" in Lambda's guide).
"""

from __future__ import annotations

from typing import Any

from moto.awslambda.exceptions import InvalidParameterValueException
from moto.awslambda.models import EventSourceMapping, LambdaBackend
from moto.sqs.models import sqs_backends

_INSTALLED = False
_create = LambdaBackend.create_event_source_mapping
_update = LambdaBackend.update_event_source_mapping


def _qualified_arn(backend: LambdaBackend, name_or_arn: str) -> str:
    fn = backend._lambdas.get_function_by_name_or_arn_with_qualifier(name_or_arn)
    base = fn.function_arn.rsplit(":", 1)[0] if fn.version != "$LATEST" else fn.function_arn
    tail = name_or_arn.split(":function:")[-1] if ":function:" in name_or_arn else name_or_arn
    qualifier = tail.split(":", 1)[1] if ":" in tail else None
    return f"{base}:{qualifier}" if qualifier else base


def _sqs_queue(backend: LambdaBackend, arn: str) -> Any:
    for queue in sqs_backends[backend.account_id][backend.region_name].queues.values():
        if queue.queue_arn == arn:
            return queue
    return None


def _create_mapping(self: LambdaBackend, spec: dict[str, Any]) -> EventSourceMapping:
    queue = _sqs_queue(self, spec.get("EventSourceArn") or "")
    if queue is not None and spec.get("FunctionName"):
        fn = self._lambdas.get_function_by_name_or_arn_with_qualifier(spec["FunctionName"])
        visibility, timeout = int(queue.visibility_timeout), int(fn.timeout)
        if visibility < timeout:
            raise InvalidParameterValueException(
                f"Queue visibility timeout: {visibility} seconds is less than Function timeout: "
                f"{timeout} seconds"
            )
    esm = _create(self, spec)
    if queue is not None:
        queue.lambda_event_source_mappings.pop(esm.function_arn, None)
        esm.function_arn = _qualified_arn(self, spec["FunctionName"])
    return esm


def _update_mapping(self: LambdaBackend, uuid: str, spec: dict[str, Any]) -> Any:
    esm = _update(self, uuid, spec)
    if esm is not None and spec.get("FunctionName"):
        esm.function_arn = _qualified_arn(self, spec["FunctionName"])
    return esm


def install() -> None:
    global _INSTALLED
    if _INSTALLED:
        return
    LambdaBackend.create_event_source_mapping = _create_mapping  # type: ignore[method-assign]
    LambdaBackend.update_event_source_mapping = _update_mapping  # type: ignore[method-assign]
    _INSTALLED = True
