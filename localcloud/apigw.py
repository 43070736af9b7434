"""The HTTP API in front of the function: route selection, invoke permission, errors like AWS.

An HTTP API answers 404 {"message":"Not Found"} when no route matches, 500 when API Gateway may
not invoke the function, 502 {"message":"Internal Server Error"} when the function fails or
returns something unusable, and (here) 504 when the function runs past its timeout.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from localcloud.events import (
    HttpResponse,
    InvalidLambdaResponse,
    gateway_error,
    make_v2_event,
    parse_v2_result,
)
from localcloud.policy import APIGATEWAY_SERVICE, ResourcePolicy
from localcloud.pool import Invocation, WorkerPool

log = logging.getLogger(__name__)

# Lambda's synchronous invocation payload limit (request and response).
MAX_PAYLOAD_BYTES = 6 * 1024 * 1024
# API Gateway's request limit.
MAX_REQUEST_BYTES = 10 * 1024 * 1024


@dataclass
class HttpApi:
    api_id: str
    domain_name: str
    account_id: str
    # Route keys ("GET /api/x", "ANY /api/{proxy+}", "$default") of routes with a Lambda target.
    routes: dict[str, str] = field(default_factory=dict)
    has_default_stage: bool = True
    region: str = "us-east-1"
    # The function's resource policy and the ARNs it may be addressed by (alias, version).
    function_policy: ResourcePolicy | None = None
    function_arns: tuple[str, ...] = ()
    pool: WorkerPool | None = None

    def source_arn(self, route: str) -> str:
        """What API Gateway presents as AWS:SourceArn when it invokes for `route`."""
        if route == "$default":
            tail = "$default"
        else:
            method, _, path = route.partition(" ")
            tail = ("*" if method == "ANY" else method) + path
        return f"arn:aws:execute-api:{self.region}:{self.account_id}:{self.api_id}/$default/{tail}"

    def may_invoke(self, route: str) -> bool:
        if self.function_policy is None:
            return False
        context = {"AWS:SourceArn": self.source_arn(route)}
        return any(
            self.function_policy.allows(APIGATEWAY_SERVICE, "lambda:InvokeFunction", arn, context)
            for arn in self.function_arns
        )

    def select_route(self, method: str, path: str) -> str | None:
        """HTTP API route selection: exact, then greedy {proxy+}, then $default."""
        for key in (f"{method} {path}", f"ANY {path}"):
            if key in self.routes:
                return key
        best: tuple[int, str] | None = None
        for key in self.routes:
            if key == "$default":
                continue
            route_method, _, route_path = key.partition(" ")
            if route_method not in {method, "ANY"}:
                continue
            if _route_regex(route_path).match(path):
                score = len(route_path)
                if best is None or score > best[0]:
                    best = (score, key)
        if best:
            return best[1]
        return "$default" if "$default" in self.routes else None

    def handle(
        self,
        *,
        method: str,
        path: str,
        query: str,
        headers: list[tuple[str, str]],
        body: bytes,
        source_ip: str,
    ) -> HttpResponse:
        if not self.has_default_stage:
            return gateway_error(404, "Not Found")
        host = next((v for k, v in headers if k.lower() == "host"), self.domain_name)
        if host.split(":", 1)[0].lower() != self.domain_name.lower():
            # What forwarding the viewer's Host to API Gateway does on AWS.
            return gateway_error(403, "Forbidden")
        if len(body) > MAX_REQUEST_BYTES:
            return gateway_error(413, "Request Entity Too Large")
        route = self.select_route(method, path)
        if route is None:
            return gateway_error(404, "Not Found")
        if self.pool is None or not self.may_invoke(route):
            log.error(
                "API %s may not invoke its function for %s (no lambda permission for %s)",
                self.api_id,
                route,
                self.source_arn(route),
            )
            return gateway_error(500, "Internal Server Error")
        event = make_v2_event(
            method=method,
            path=path,
            query=query,
            headers=headers,
            body=body,
            source_ip=source_ip,
            domain_name=self.domain_name,
            api_id=self.api_id,
            account_id=self.account_id,
        )
        event["routeKey"] = route
        event["requestContext"]["routeKey"] = route
        return self._respond(self.pool.invoke(event))

    @staticmethod
    def _respond(invocation: Invocation) -> HttpResponse:
        if invocation.status == "timeout":
            return gateway_error(504, "Endpoint request timed out")
        if not invocation.ok:
            log.error("function error: %s", invocation.error)
            return gateway_error(502, "Internal Server Error")
        try:
            response = parse_v2_result(invocation.payload)
        except InvalidLambdaResponse as exc:
            log.error("malformed Lambda proxy response: %s", exc)
            return gateway_error(502, "Internal Server Error")
        if len(response.body) > MAX_PAYLOAD_BYTES:
            log.error("response of %d bytes is over Lambda's payload limit", len(response.body))
            return gateway_error(502, "Internal Server Error")
        return response


def _route_regex(route_path: str) -> re.Pattern[str]:
    parts = []
    for segment in route_path.strip("/").split("/"):
        if segment.endswith("+}"):
            parts.append(".+")
        elif segment.startswith("{") and segment.endswith("}"):
            parts.append("[^/]+")
        else:
            parts.append(re.escape(segment))
    return re.compile(r"\A/" + "/".join(parts) + r"\Z")
