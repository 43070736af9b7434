"""What invokes the functions besides the API, started with the edge: Lambda's SQS pollers for
the event source mappings, and EventBridge's scheduled rules (all read from the emulator); and the
metrics SQS sends CloudWatch for the mapped queues.

They run in the edge's process and share its Lambda pools: a function an API route and a
schedule both invoke (the web function's sweep) has one set of execution environments, as on AWS.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from localcloud.apigateway.http_api import FunctionTarget
from localcloud.awslambda.event_source_mapping import SqsPoller, is_sqs
from localcloud.awslambda.metrics import MetricsPublisher
from localcloud.awslambda.pool import Invocation
from localcloud.awslambda.runtime import Runtime, code_sha256
from localcloud.cloudfront.edge import Edge
from localcloud.environment.deployment import function_from_integration_uri
from localcloud.environment.functions import function_target
from localcloud.events.schedule import EVENTS_SERVICE, ScheduleRunner
from localcloud.sqs.metrics import QueueMetrics

log = logging.getLogger(__name__)


@dataclass
class Triggers:
    pollers: list[SqsPoller] = field(default_factory=list)
    schedules: ScheduleRunner | None = None
    queue_metrics: QueueMetrics | None = None
    # Functions only the triggers invoke (the worker); the edge closes its own.
    own_targets: list[FunctionTarget] = field(default_factory=list)

    def stop(self) -> None:
        for poller in self.pollers:
            poller.stop()
        if self.schedules is not None:
            self.schedules.stop()
        if self.queue_metrics is not None:
            self.queue_metrics.close()
        for target in self.own_targets:
            if target.pool is not None:
                target.pool.close()


def start_triggers(
    aws: Mapping[str, Any],
    *,
    edge: Edge,
    endpoint: str,
    region: str,
    zip_path: Path,
    code_root: Path,
    workers: int,
    runtime_override: Runtime | None = None,
    extra_env: Mapping[str, str] | None = None,
    metrics: MetricsPublisher | None = None,
) -> Triggers:
    targets: dict[str, FunctionTarget] = {}
    for api in edge.apis.values():
        for target in api.routes.values():
            targets.setdefault(target.arn, target)
    triggers = Triggers()
    built = code_sha256(zip_path) if zip_path.is_file() else None

    def target(arn: str) -> FunctionTarget:
        if arn not in targets:
            targets[arn] = function_target(
                aws["lambda"],
                function_from_integration_uri(arn),
                built=built,
                zip_path=zip_path,
                code_root=code_root,
                workers=workers,
                runtime_override=runtime_override,
                endpoint=endpoint,
                region=region,
                extra_env=extra_env or {},
                logs=aws["logs"],
                metrics=metrics,
            )
            triggers.own_targets.append(targets[arn])
        return targets[arn]

    def invoke(arn: str, event: dict[str, Any]) -> Invocation:
        pool = target(arn).pool
        assert pool is not None
        return pool.invoke(event)

    def invoke_for_rule(arn: str, rule_arn: str, event: dict[str, Any]) -> None:
        fn = target(arn)
        context = {"AWS:SourceArn": rule_arn}
        if not any(
            fn.policy.allows(EVENTS_SERVICE, "lambda:InvokeFunction", a, context)
            for a in fn.arns or (fn.arn,)
        ):
            log.warning(
                "schedules: %s may not be invoked by %s (no lambda permission)", arn, rule_arn
            )
            return
        result = invoke(arn, event)
        if not result.ok:
            log.warning("schedules: %s failed for %s: %s", arn, rule_arn, result.error)

    paginator = aws["lambda"].get_paginator("list_event_source_mappings")
    for page in paginator.paginate():
        for raw in page["EventSourceMappings"]:
            if is_sqs(raw):
                target(raw["FunctionArn"])  # the code is checked before anything is polled
                triggers.pollers.append(
                    SqsPoller(
                        lambda_client=aws["lambda"],
                        sqs=aws["sqs"],
                        uuid=raw["UUID"],
                        invoke=invoke,
                        cap=workers,
                    ).start()
                )
    if triggers.pollers:
        # For the alarms on them (the dead-letter queue's), which the edge's evaluator checks.
        triggers.queue_metrics = QueueMetrics.for_mapped_queues(
            aws["sqs"], aws["cloudwatch"], [p.queue_url for p in triggers.pollers]
        )
    triggers.schedules = ScheduleRunner(aws["events"], invoke=invoke_for_rule).start()
    return triggers
