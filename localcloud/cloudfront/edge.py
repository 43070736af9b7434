"""The local CloudFront edge: routes each request the way the deployed distribution would.

Everything comes from the emulator (see `localcloud.environment.deployment`): the behaviours
and their order, origins, the viewer-request CloudFront Function (executed, not assumed), the
origin request, cache and response headers policies, the buckets' policies and the HTTP API in
front of the function. Known differences from CloudFront, on purpose: plain HTTP on loopback
(no redirect to HTTPS; the origin is told the viewer's real scheme) and no compression.

The HTTP server is `server`, the managed policies `policies`, the cache `cache`, CloudFront's own
error answers `errors`.
"""

from __future__ import annotations

import logging
import secrets
import time
import traceback
import uuid
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode

from localcloud.apigateway.events import HttpResponse
from localcloud.apigateway.http_api import HttpApi
from localcloud.cloudfront.behaviours import Behaviour, Distribution, Origin
from localcloud.cloudfront.cache import EdgeCache
from localcloud.cloudfront.cache_policy import CachePolicy
from localcloud.cloudfront.errors import EdgeError, base64_id, error_page, s3_error
from localcloud.cloudfront.function import (
    CloudFrontFunction,
    FunctionRuntimeError,
    viewer_request_event,
)
from localcloud.cloudfront.function_result import function_request, function_response
from localcloud.cloudfront.policies import HOP_BY_HOP, apply_response_headers, forward_policy
from localcloud.iam.policy import CLOUDFRONT_SERVICE, ResourcePolicy

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ViewerRequest:
    method: str
    target: str  # path and query as sent on the request line
    headers: list[tuple[str, str]]
    body: bytes
    client_ip: str
    scheme: str = "http"
    port: int = 80
    # This edge's own address: what API Gateway sees as its peer (sourceIp) behind CloudFront.
    edge_ip: str = "127.0.0.1"


@dataclass
class S3Bucket:
    name: str
    policy: ResourcePolicy


@dataclass
class Edge:
    distribution: Distribution
    distribution_arn: str
    s3: Any  # a boto3 S3 client pointed at the emulator
    functions: dict[str, CloudFrontFunction] = field(default_factory=dict)
    response_headers_policies: dict[str, dict[str, Any]] = field(default_factory=dict)
    buckets: dict[str, S3Bucket] = field(default_factory=dict)
    apis: dict[str, HttpApi] = field(default_factory=dict)
    cache_policies: dict[str, CachePolicy] = field(default_factory=dict)
    cache: EdgeCache = field(default_factory=EdgeCache)
    pop: str = "LOCAL1-C1"

    # --- entry point ---------------------------------------------------------------------------

    def handle(self, request: ViewerRequest) -> HttpResponse:
        request_id = base64_id()
        try:
            response, cache_state = self._handle(request, request_id)
            behaviour = self._behaviour_for(request)
            if behaviour is not None:
                response = self._apply_response_headers_policy(behaviour, response)
        except EdgeError as exc:
            response = error_page(exc.status, exc.detail, request_id)
            cache_state = "Error from cloudfront"
        except Exception:  # the viewer gets CloudFront's answer, the log the trace
            log.error(
                "edge failure on %s %s\n%s", request.method, request.target, traceback.format_exc()
            )
            response = error_page(502, "The local edge could not reach the origin.", request_id)
            cache_state = "Error from cloudfront"
        headers = [(k, v) for k, v in response.headers if k.lower() not in HOP_BY_HOP]
        headers += [
            ("x-cache", cache_state),
            ("via", f"1.1 {self.distribution.id.lower()}.cloudfront.net (CloudFront)"),
            ("x-amz-cf-pop", self.pop),
            ("x-amz-cf-id", request_id),
        ]
        if request.method == "HEAD":
            # The length of the body a GET would have had, as CloudFront reports it.
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            headers.append(("content-length", str(len(response.body))))
            return HttpResponse(status=response.status, headers=headers, body=b"")
        return HttpResponse(status=response.status, headers=headers, body=response.body)

    def _behaviour_for(self, request: ViewerRequest) -> Behaviour | None:
        path = request.target.split("?", 1)[0]
        try:
            return self.distribution.route(path).behaviour
        except Exception:
            return None

    def _handle(self, request: ViewerRequest, request_id: str) -> tuple[HttpResponse, str]:
        if not self.distribution.enabled:
            raise EdgeError(403, "The distribution is disabled.")
        raw_path, _, query = request.target.partition("?")
        if not raw_path.startswith("/"):
            raise EdgeError(400, "The request could not be understood.")
        route = self.distribution.route(raw_path)
        behaviour = route.behaviour
        if request.method not in behaviour.allowed_methods:
            raise EdgeError(
                403,
                "This distribution is not configured to allow the HTTP request method that was "
                "used for this request. The distribution supports only cachable requests.",
            )
        # The viewer-request function sees the URI before the default root object is applied.
        uri, headers = raw_path, list(request.headers)
        query_pairs = original_pairs = parse_qsl(query, keep_blank_values=True)
        association = behaviour.function_for("viewer-request")
        if association is not None:
            outcome = self._run_viewer_function(
                association.function_name, request, uri, query_pairs, headers, request_id
            )
            if isinstance(outcome, HttpResponse):
                return outcome, "FunctionGeneratedResponse from cloudfront"
            # The behaviour is already chosen: a rewritten URI only changes what its origin gets.
            uri, query_pairs, headers = outcome
        path = route.path if uri == raw_path else uri
        if query_pairs != original_pairs:  # rewritten by the function; otherwise sent as it came
            query = urlencode(query_pairs, quote_via=quote)

        def fetch(origin_headers: list[tuple[str, str]]) -> HttpResponse:
            if route.origin.kind == "s3":
                return self._from_s3(route.origin, request.method, path, origin_headers)
            return self._from_api(
                route.origin, behaviour, request, path, query, origin_headers, request_id
            )

        policy = self.cache_policies.get(behaviour.cache_policy_id)
        if policy is None or not policy.caches or request.method not in behaviour.cached_methods:
            return fetch(headers), "Miss from cloudfront"
        key = policy.key(method=request.method, path=path, query=query_pairs, headers=headers)
        return self.cache.serve(policy, key, path, headers, fetch)

    # --- viewer-request function ---------------------------------------------------------------

    def _run_viewer_function(
        self,
        name: str,
        request: ViewerRequest,
        uri: str,
        query: list[tuple[str, str]],
        headers: list[tuple[str, str]],
        request_id: str,
    ) -> HttpResponse | tuple[str, list[tuple[str, str]], list[tuple[str, str]]]:
        function = self.functions.get(name)
        if function is None:
            raise EdgeError(503, f"The CloudFront function {name} is not published.")
        event = viewer_request_event(
            method=request.method,
            uri=uri,
            query=query,
            headers=headers,
            client_ip=request.client_ip,
            distribution_id=self.distribution.id,
            distribution_domain=self.distribution.domain_name,
            request_id=request_id,
        )
        try:
            result = function.run(event)
        except FunctionRuntimeError as exc:
            log.error("CloudFront function %s failed: %s", name, exc)
            raise EdgeError(503, "The CloudFront function returned an error.") from None
        if not isinstance(result, dict):
            log.error("CloudFront function %s returned %r", name, result)
            raise EdgeError(503, "The CloudFront function returned an invalid value.")
        if "statusCode" in result:
            return function_response(result)
        return function_request(result)

    # --- S3 origins ----------------------------------------------------------------------------

    def _from_s3(
        self, origin: Origin, method: str, path: str, headers: list[tuple[str, str]]
    ) -> HttpResponse:
        bucket = self.buckets.get(origin.bucket)
        if bucket is None:
            return s3_error(404, "NoSuchBucket", "The specified bucket does not exist")
        key = (
            origin.origin_path.strip("/") + "/" if origin.origin_path.strip("/") else ""
        ) + unquote(path.lstrip("/"))
        arn = f"arn:aws:s3:::{bucket.name}"
        context = {"AWS:SourceArn": self.distribution_arn, "aws:SecureTransport": "true"}
        if method not in {"GET", "HEAD"}:
            # An S3 REST origin behind OAC takes no writes or CORS preflights it has no rule for.
            return s3_error(403, "AccessDenied", "Access Denied")
        if not bucket.policy.allows(CLOUDFRONT_SERVICE, "s3:GetObject", f"{arn}/{key}", context):
            return s3_error(403, "AccessDenied", "Access Denied")
        try:
            obj = self.s3.get_object(Bucket=bucket.name, Key=key)
        except self.s3.exceptions.NoSuchKey:
            if bucket.policy.allows(CLOUDFRONT_SERVICE, "s3:ListBucket", arn, context):
                return s3_error(404, "NoSuchKey", "The specified key does not exist.")
            return s3_error(403, "AccessDenied", "Access Denied")
        body = obj["Body"].read()
        etag = obj.get("ETag", "")
        out = [
            ("content-type", obj.get("ContentType") or "binary/octet-stream"),
            ("etag", etag),
            ("last-modified", formatdate(obj["LastModified"].timestamp(), usegmt=True)),
            ("accept-ranges", "bytes"),
        ]
        for header, field_name in (
            ("cache-control", "CacheControl"),
            ("content-encoding", "ContentEncoding"),
            ("content-disposition", "ContentDisposition"),
            ("content-language", "ContentLanguage"),
        ):
            if obj.get(field_name):
                out.append((header, obj[field_name]))
        if_none_match = next((v for k, v in headers if k.lower() == "if-none-match"), None)
        if if_none_match and etag and etag in {t.strip() for t in if_none_match.split(",")}:
            return HttpResponse(
                status=304, headers=[h for h in out if h[0] != "content-type"], body=b""
            )
        return HttpResponse(status=200, headers=out, body=body)

    # --- the API origin ------------------------------------------------------------------------

    def _from_api(
        self,
        origin: Origin,
        behaviour: Behaviour,
        request: ViewerRequest,
        path: str,
        query: str,
        headers: list[tuple[str, str]],
        request_id: str,
    ) -> HttpResponse:
        api = self.apis.get(origin.domain_name.lower())
        if api is None:
            raise EdgeError(502, f"The local edge has no emulation of origin {origin.domain_name}.")
        policy = forward_policy(behaviour)
        forwarded: list[tuple[str, str]] = []
        for name, value in headers:
            key = name.lower()
            if key in HOP_BY_HOP or key == "content-length":
                continue
            if key == "cookie":
                if policy.cookies:
                    forwarded.append((key, value))
                continue
            if key == "host":
                if policy.headers == "all":
                    forwarded.append((key, value))
                continue
            if policy.headers in {"all", "all-except-host"} or key in policy.listed_headers:
                forwarded.append((key, value))
        if policy.headers != "all":
            forwarded.append(("host", origin.domain_name))
        # An origin custom header replaces a viewer's header of the same name, as on CloudFront.
        custom = {name.lower() for name, _ in origin.custom_headers}
        forwarded = [(k, v) for k, v in forwarded if k not in custom] + list(origin.custom_headers)
        forwarded += [
            ("via", f"2.0 {secrets.token_hex(16)}.cloudfront.net (CloudFront)"),
            ("x-amz-cf-id", request_id),
            ("x-forwarded-for", request.client_ip),
            ("x-forwarded-proto", request.scheme),
            ("x-forwarded-port", str(request.port)),
            ("x-amzn-trace-id", f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]}"),
        ]
        return api.handle(
            method=request.method,
            path=path,
            query=query if policy.query else "",
            headers=forwarded,
            body=request.body,
            source_ip=request.edge_ip,
        )

    # --- response headers policy ---------------------------------------------------------------

    def _apply_response_headers_policy(
        self, behaviour: Behaviour, response: HttpResponse
    ) -> HttpResponse:
        policy_id = behaviour.response_headers_policy_id
        if not policy_id:
            return response
        config = self.response_headers_policies.get(policy_id)
        if config is None:
            return response
        return HttpResponse(
            status=response.status,
            headers=apply_response_headers(config, response.headers),
            body=response.body,
        )
