"""The HTTP API in front of the functions: route selection, invoke permissions, errors like AWS.

Each route invokes its integration's function (alias). An HTTP API answers 404
{"message":"Not Found"} when no route matches, 500 when API Gateway may not invoke the route's
function, 502 {"message":"Internal Server Error"} when the function fails or returns something
unusable, and (here) 504 when the function runs past its timeout. A route with a JWT authorizer
answers 401 {"message":"Unauthorized"} without a valid token, before the function runs, and a
route over its stage's throttle 429 {"message":"Too Many Requests"}, before the function runs
(localcloud.apigateway.throttling).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from localcloud.apigateway.authorizer import RouteAuthorization, Unauthorized
from localcloud.apigateway.events import (
    HttpResponse,
    InvalidLambdaResponse,
    gateway_error,
    make_v2_event,
    parse_v2_result,
)
from localcloud.apigateway.throttling import StageThrottle
from localcloud.awslambda.pool import Invocation, WorkerPool
from localcloud.iam.policy import APIGATEWAY_SERVICE, ResourcePolicy

log = logging.getLogger(__name__)

# Lambda's synchronous invocation payload limit (request and response).
MAX_PAYLOAD_BYTES = 6 * 1024 * 1024
# API Gateway's request limit.
MAX_REQUEST_BYTES = 10 * 1024 * 1024


@dataclass
class FunctionTarget:
    """A function (alias) as a route's integration invokes it."""

    arn: str  # as the integration names it, e.g. ...:function:shop-web:live
    # The function's resource policy, and every ARN a statement may name it by.
    policy: ResourcePolicy = field(default_factory=lambda: ResourcePolicy(statements=()))
    arns: tuple[str, ...] = ()
    pool: WorkerPool | None = None


@dataclass
class HttpApi:
    api_id: str
    domain_name: str
    account_id: str
    region: str = "us-east-1"
    # Route key ("GET /x", "ANY /api/{proxy+}", "$default") -> the function it invokes.
    routes: dict[str, FunctionTarget] = field(default_factory=dict)
    has_default_stage: bool = True
    # Route key -> its JWT authorizer (routes with authorizationType NONE are absent).
    authorizations: dict[str, RouteAuthorization] = field(default_factory=dict)
    # The $default stage's route settings; without them nothing is throttled.
    throttle: StageThrottle = field(default_factory=StageThrottle)

    def source_arn(self, route: str, method: str, path: str) -> str:
        """What API Gateway presents as AWS:SourceArn when `route` invokes its function."""
        tail = "$default" if route == "$default" else f"{method}{path}"
        return f"arn:aws:execute-api:{self.region}:{self.account_id}:{self.api_id}/$default/{tail}"

    def may_invoke(self, route: str, method: str, path: str) -> bool:
        target = self.routes.get(route)
        if target is None:
            return False
        context = {"AWS:SourceArn": self.source_arn(route, method, path)}
        return any(
            target.policy.allows(APIGATEWAY_SERVICE, "lambda:InvokeFunction", arn, context)
            for arn in target.arns or (target.arn,)
        )

    def select_route(self, method: str, path: str) -> str | None:
        matched = self.match_route(method, path)
        return matched[0] if matched else None

    def match_route(self, method: str, path: str) -> tuple[str, dict[str, str]] | None:
        """HTTP API route selection: exact, then the most specific template, then $default.

        Returns the route key and the path parameters its template captured, e.g.
        ("ANY /api/{proxy+}", {"proxy": "products/X"}).
        """
        for key in (f"{method} {path}", f"ANY {path}"):
            if key in self.routes:
                return key, {}
        best: tuple[int, int, str] | None = None
        captured: dict[str, str] = {}
        for key in self.routes:
            if key == "$default":
                continue
            route_method, _, route_path = key.partition(" ")
            if route_method not in {method, "ANY"}:
                continue
            regex, names = _route_regex(route_path)
            match = regex.match(path)
            if match:
                # Longer templates are more specific; a method beats ANY.
                score = (len(route_path), route_method != "ANY", key)
                if best is None or score > best:
                    best, captured = score, dict(zip(names, match.groups(), strict=True))
        if best:
            return best[2], captured
        return ("$default", {}) if "$default" in self.routes else None

    def pools(self) -> list[WorkerPool]:
        seen: dict[int, WorkerPool] = {}
        for target in self.routes.values():
            if target.pool is not None:
                seen[id(target.pool)] = target.pool
        return list(seen.values())

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
        """One request; `source_ip` is API Gateway's peer (behind CloudFront, the edge)."""
        if not self.has_default_stage:
            return gateway_error(404, "Not Found")
        host = next((v for k, v in headers if k.lower() == "host"), self.domain_name)
        if host.split(":", 1)[0].lower() != self.domain_name.lower():
            # What forwarding the viewer's Host to API Gateway does on AWS.
            return gateway_error(403, "Forbidden")
        if len(body) > MAX_REQUEST_BYTES:
            return gateway_error(413, "Request Entity Too Large")
        matched = self.match_route(method, path)
        if matched is None:
            return gateway_error(404, "Not Found")
        route, path_parameters = matched
        # Before the authorizer: every request to the route counts, whatever token it carries.
        if not self.throttle.admit(route):
            log.info("throttled %s %s (route %s)", method, path, route)
            return gateway_error(429, "Too Many Requests")
        authorizer = None
        if route in self.authorizations:
            try:
                authorizer = self.authorizations[route].authorize(headers)
            except Unauthorized as exc:
                log.info("JWT authorizer refused %s %s (route %s): %s", method, path, route, exc)
                return gateway_error(401, "Unauthorized")
        target = self.routes[route]
        if target.pool is None or not self.may_invoke(route, method, path):
            log.error(
                "API %s may not invoke %s for route %s (no lambda permission for %s)",
                self.api_id,
                target.arn,
                route,
                self.source_arn(route, method, path),
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
            route_key=route,
            path_parameters=path_parameters,
            authorizer=authorizer,
        )
        return self._respond(target.pool.invoke(event))

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


def _route_regex(route_path: str) -> tuple[re.Pattern[str], list[str]]:
    """A route template as a regex, and the names of its path variables in group order."""
    parts, names = [], []
    for segment in route_path.strip("/").split("/"):
        if segment.startswith("{") and segment.endswith("}"):
            greedy = segment.endswith("+}")
            names.append(segment[1:-2] if greedy else segment[1:-1])
            parts.append("(.+)" if greedy else "([^/]+)")
        else:
            parts.append(re.escape(segment))
    return re.compile(r"\A/" + "/".join(parts) + r"\Z"), names
