"""The local CloudFront edge: routes each request the way the deployed distribution would.

Everything comes from the emulator (see `localcloud.deployment`): the behaviours and their order,
origins, the viewer-request CloudFront Function (executed, not assumed), the origin request,
cache and response headers policies, the buckets' policies and the HTTP API in front of the
function. Known differences from CloudFront, on purpose: plain HTTP on loopback (no redirect to
HTTPS; the origin is told the viewer's real scheme), and no caching or compression.
"""

from __future__ import annotations

import http.server
import logging
import secrets
import socketserver
import threading
import time
import traceback
import uuid
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode

from localcloud.apigw import HttpApi
from localcloud.cffunction import (
    UNDEFINED,
    CloudFrontFunction,
    FunctionRuntimeError,
    viewer_request_event,
)
from localcloud.events import HttpResponse
from localcloud.policy import CLOUDFRONT_SERVICE, ResourcePolicy
from localcloud.router import Behaviour, Distribution, Origin

log = logging.getLogger(__name__)

# Headers that describe one hop, never forwarded.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "proxy-connection",
    }
)


@dataclass(frozen=True)
class ForwardPolicy:
    """What an origin request policy (plus the cache key) sends to the origin."""

    name: str
    headers: str  # "all", "all-except-host" or "listed"
    listed_headers: frozenset[str] = frozenset()
    cookies: bool = False
    query: bool = False


# AWS managed origin request policies, by ID.
MANAGED_ORIGIN_REQUEST_POLICIES = {
    "216adef6-5c7f-47e4-b989-5492eafa07d3": ForwardPolicy(
        "AllViewer", "all", cookies=True, query=True
    ),
    "b689b0a8-53d0-40ab-baf2-68738e2966ac": ForwardPolicy(
        "AllViewerExceptHostHeader", "all-except-host", cookies=True, query=True
    ),
    "33f36d7e-f396-46d9-90e0-52428a34d9dc": ForwardPolicy(
        "AllViewerAndCloudFrontHeaders-2022-06", "all", cookies=True, query=True
    ),
    "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf": ForwardPolicy(
        "CORS-S3Origin",
        "listed",
        frozenset({"origin", "access-control-request-headers", "access-control-request-method"}),
    ),
    "59781a5b-3903-41f3-afcb-af62929ccde1": ForwardPolicy(
        "CORS-CustomOrigin", "listed", frozenset({"origin"})
    ),
    "acba4595-bd28-49b8-b9fe-13317c0390fa": ForwardPolicy(
        "UserAgentRefererHeaders", "listed", frozenset({"user-agent", "referer"})
    ),
}
NO_FORWARDING = ForwardPolicy("none", "listed")

# AWS managed cache policies, by ID. None of them puts headers, cookies or query strings in the
# cache key, so they forward nothing beyond the origin request policy.
MANAGED_CACHE_POLICIES = {
    "4135ea2d-6df8-44a3-9df3-4b5a84be39ad": "CachingDisabled",
    "658327ea-f89d-4fab-a63d-7e88639e58f6": "CachingOptimized",
    "b2884449-e4de-46a7-ac36-70bc7f1ddd6d": "CachingOptimizedForUncompressedObjects",
    "83da9c7e-98b4-4e11-a168-04f0df8e2c65": "UseOriginCacheControlHeaders",
}

# The AWS managed SecurityHeadersPolicy, in the shape of a ResponseHeadersPolicyConfig.
MANAGED_RESPONSE_HEADERS_POLICIES: dict[str, dict[str, Any]] = {
    "67f7725c-6f97-4210-82d7-5512b31e9d03": {
        "Name": "Managed-SecurityHeadersPolicy",
        "SecurityHeadersConfig": {
            "StrictTransportSecurity": {
                "Override": False,
                "AccessControlMaxAgeSec": 31536000,
                "IncludeSubdomains": False,
                "Preload": False,
            },
            "ContentTypeOptions": {"Override": False},
            "FrameOptions": {"Override": False, "FrameOption": "SAMEORIGIN"},
            "ReferrerPolicy": {
                "Override": False,
                "ReferrerPolicy": "strict-origin-when-cross-origin",
            },
            "XSSProtection": {"Override": False, "Protection": True, "ModeBlock": True},
        },
    },
}

ERROR_TITLES = {
    400: "Bad request.",
    403: "The request could not be satisfied.",
    404: "The request could not be satisfied.",
    405: "The request could not be satisfied.",
    502: "The request could not be satisfied.",
    503: "The request could not be satisfied.",
    504: "The request could not be satisfied.",
}


class EdgeError(Exception):
    """A CloudFront-generated error."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass(frozen=True)
class ViewerRequest:
    method: str
    target: str  # path and query as sent on the request line
    headers: list[tuple[str, str]]
    body: bytes
    client_ip: str
    scheme: str = "http"
    port: int = 80


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
    pop: str = "LOCAL1-C1"

    # --- entry point ---------------------------------------------------------------------------

    def handle(self, request: ViewerRequest) -> HttpResponse:
        request_id = base64_id()
        try:
            response = self._handle(request, request_id)
            behaviour = self._behaviour_for(request)
            if behaviour is not None:
                response = self._apply_response_headers_policy(behaviour, response)
            cache_state = "Miss from cloudfront"
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

    def _handle(self, request: ViewerRequest, request_id: str) -> HttpResponse:
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
                return outcome
            # The behaviour is already chosen: a rewritten URI only changes what its origin gets.
            uri, query_pairs, headers = outcome
        path = route.path if uri == raw_path else uri
        if query_pairs != original_pairs:  # rewritten by the function; otherwise sent as it came
            query = urlencode(query_pairs, quote_via=quote)
        if route.origin.kind == "s3":
            return self._from_s3(route.origin, request.method, path, headers)
        return self._from_api(route.origin, behaviour, request, path, query, headers, request_id)

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
            return _function_response(result)
        return _function_request(result)

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
        forwarded += list(origin.custom_headers)
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
            source_ip=request.client_ip,
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


def forward_policy(behaviour: Behaviour) -> ForwardPolicy:
    if not behaviour.origin_request_policy_id:
        return NO_FORWARDING
    return MANAGED_ORIGIN_REQUEST_POLICIES[behaviour.origin_request_policy_id]


def apply_response_headers(
    config: dict[str, Any], headers: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Add the policy's headers (respecting Override) and remove the ones it removes."""
    out = list(headers)
    present = {k.lower() for k, _ in out}

    def put(name: str, value: str, override: bool) -> None:
        nonlocal out
        if name.lower() in present:
            if not override:
                return
            out = [(k, v) for k, v in out if k.lower() != name.lower()]
        out.append((name, value))
        present.add(name.lower())

    security = config.get("SecurityHeadersConfig") or {}
    hsts = security.get("StrictTransportSecurity")
    if hsts:
        value = f"max-age={hsts.get('AccessControlMaxAgeSec', 0)}"
        if hsts.get("IncludeSubdomains"):
            value += "; includeSubDomains"
        if hsts.get("Preload"):
            value += "; preload"
        put("strict-transport-security", value, bool(hsts.get("Override")))
    if "ContentTypeOptions" in security:
        put(
            "x-content-type-options",
            "nosniff",
            bool(security["ContentTypeOptions"].get("Override")),
        )
    frame = security.get("FrameOptions")
    if frame:
        put("x-frame-options", frame["FrameOption"], bool(frame.get("Override")))
    referrer = security.get("ReferrerPolicy")
    if referrer:
        put("referrer-policy", referrer["ReferrerPolicy"], bool(referrer.get("Override")))
    csp = security.get("ContentSecurityPolicy")
    if csp:
        put("content-security-policy", csp["ContentSecurityPolicy"], bool(csp.get("Override")))
    xss = security.get("XSSProtection")
    if xss:
        value = "1" if xss.get("Protection") else "0"
        if xss.get("Protection") and xss.get("ModeBlock"):
            value += "; mode=block"
        elif xss.get("Protection") and xss.get("ReportUri"):
            value += f"; report={xss['ReportUri']}"
        put("x-xss-protection", value, bool(xss.get("Override")))
    for item in (config.get("CustomHeadersConfig") or {}).get("Items") or []:
        put(item["Header"], item["Value"], bool(item.get("Override")))
    removed = {
        i["Header"].lower() for i in (config.get("RemoveHeadersConfig") or {}).get("Items") or []
    }
    return [(k, v) for k, v in out if k.lower() not in removed]


def _function_request(
    result: dict[str, Any],
) -> tuple[str, list[tuple[str, str]], list[tuple[str, str]]]:
    request = result
    uri = request.get("uri")
    if not isinstance(uri, str) or not uri.startswith("/"):
        raise EdgeError(503, "The CloudFront function returned an invalid request URI.")
    headers: list[tuple[str, str]] = []
    for name, entry in (request.get("headers") or {}).items():
        headers.extend((name, v) for v in _values(entry))
    cookies = request.get("cookies") or {}
    if cookies:
        pairs = [f"{name}={v}" for name, entry in cookies.items() for v in _values(entry)]
        headers.append(("cookie", "; ".join(pairs)))
    query: list[tuple[str, str]] = []
    for name, entry in (request.get("querystring") or {}).items():
        query.extend((name, v) for v in _values(entry))
    return uri, query, headers


def _values(entry: Any) -> list[str]:
    if not isinstance(entry, dict):
        raise EdgeError(503, "The CloudFront function returned an invalid header or parameter.")
    if isinstance(entry.get("multiValue"), list):
        return [str(item.get("value", "")) for item in entry["multiValue"]]
    value = entry.get("value", UNDEFINED)
    if value is UNDEFINED or value is None:
        raise EdgeError(503, "The CloudFront function returned a header without a value.")
    return [str(value)]


def _function_response(result: dict[str, Any]) -> HttpResponse:
    status = result.get("statusCode")
    if not isinstance(status, int) or isinstance(status, bool):
        raise EdgeError(503, "The CloudFront function returned an invalid status code.")
    headers = [
        (name, v) for name, entry in (result.get("headers") or {}).items() for v in _values(entry)
    ]
    body = result.get("body", "")
    if isinstance(body, dict):
        body = body.get("data", "")
    return HttpResponse(
        status=status,
        headers=headers,
        body=str(body if body is not UNDEFINED else "").encode("utf-8"),
    )


def base64_id() -> str:
    return secrets.token_urlsafe(42)[:56]


def error_page(status: int, detail: str, request_id: str) -> HttpResponse:
    """CloudFront's own HTML error page."""
    title = ERROR_TITLES.get(status, "The request could not be satisfied.")
    html = (
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" '
        '"http://www.w3.org/TR/html4/loose.dtd">\n'
        '<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">\n'
        "<TITLE>ERROR: The request could not be satisfied</TITLE>\n</HEAD><BODY>\n"
        f'<H1>{status} ERROR</H1>\n<H2>{title}</H2>\n<HR noshade size="1px">\n'
        f'{_escape(detail)}\n<BR clear="all">\n<HR noshade size="1px">\n<PRE>\n'
        "Generated by cloudfront (CloudFront) [local edge]\n"
        f"Request ID: {request_id}\n</PRE>\n<ADDRESS>\n</ADDRESS>\n</BODY></HTML>"
    )
    return HttpResponse(
        status=status,
        headers=[("content-type", "text/html"), ("server", "CloudFront")],
        body=html.encode("iso-8859-1", errors="replace"),
    )


def s3_error(status: int, code: str, message: str) -> HttpResponse:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{message}</Message>"
        f"<RequestId>{secrets.token_hex(8).upper()}</RequestId></Error>"
    )
    return HttpResponse(
        status=status,
        headers=[("content-type", "application/xml"), ("server", "AmazonS3")],
        body=body.encode("utf-8"),
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- HTTP server -------------------------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "CloudFront"
    sys_version = ""
    edge: Edge  # set on the subclass made by make_server()

    def version_string(self) -> str:
        return "CloudFront"

    def _serve(self) -> None:
        try:
            body = self._read_body()
        except ValueError as exc:
            self._write(error_page(400, str(exc), base64_id()))
            return
        request = ViewerRequest(
            method=self.command,
            target=self.path,
            headers=list(self.headers.items()),
            body=body,
            client_ip=self.client_address[0],
            scheme="http",
            port=self.server.server_address[1],
        )
        self._write(self.edge.handle(request))

    def _read_body(self) -> bytes:
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = self.headers.get("content-length")
        if not length:
            return b""
        try:
            size = int(length)
        except ValueError:
            raise ValueError("Content-Length is not a number.") from None
        if size < 0:
            raise ValueError("Content-Length is negative.")
        return self.rfile.read(size)

    def _write(self, response: HttpResponse) -> None:
        self.send_response(response.status)
        length = str(len(response.body))
        for name, value in response.headers:
            if name.lower() == "content-length":
                if self.command == "HEAD":
                    length = value
                continue
            if name.lower() not in {"date", "server"}:
                self.send_header(name, value)
        self.send_header("Content-Length", length)
        self.end_headers()
        if self.command != "HEAD" and response.status not in {204, 304}:
            self.wfile.write(response.body)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _serve

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s - %s", self.address_string(), format % args)


class EdgeServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


def make_server(edge: Edge, host: str, port: int) -> EdgeServer:
    handler = type("EdgeHandler", (_Handler,), {"edge": edge})
    return EdgeServer((host, port), handler)


def serve_in_thread(
    edge: Edge, host: str = "127.0.0.1", port: int = 0
) -> tuple[EdgeServer, threading.Thread]:
    """Start a server on a background thread (tests); port 0 picks a free port."""
    server = make_server(edge, host, port)
    thread = threading.Thread(target=server.serve_forever, name="edge", daemon=True)
    thread.start()
    return server, thread
