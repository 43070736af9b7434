"""API Gateway HTTP API (payload format 2.0): the event a request becomes, and what a result means.

The one builder of payload 2.0 events: the local API Gateway (http_api.py) calls it for every
request, the handler tests, the package's smoke tests and the benchmark for theirs (keyword-only
arguments with defaults, in the style of apig-wsgi's own tests).

It follows what real HTTP APIs send (tests/localcloud/fixtures/apigw-http-v2-event.json is an
event captured by AWS): header names lowercased and sorted, repeated headers joined with commas,
every Cookie header split into `cookies` (duplicate names keep every value), repeated query
parameters joined with commas, `content-length` always present, the caller's address appended to
`x-forwarded-for` and given as `sourceIp`, and bodies base64-encoded unless their content type
is text/*, JSON, XML or JavaScript; a form post is base64 too, as is a request with no type.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.utils import formatdate
from typing import Any
from urllib.parse import parse_qsl

# The only bodies API Gateway passes as text (checked against AWS: not even +json or forms).
TEXT_MEDIA_TYPES = frozenset({"application/json", "application/xml", "application/javascript"})


class InvalidLambdaResponse(ValueError):
    """The function returned something API Gateway cannot turn into an HTTP response (502)."""


def _is_text(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type.startswith("text/") or media_type in TEXT_MEDIA_TYPES


def _request_time(epoch_ms: int) -> str:
    # API Gateway's requestContext.time, e.g. 12/Mar/2020:19:03:58 +0000
    return time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(epoch_ms / 1000))


def new_request_id() -> str:
    """An id in API Gateway's shape (also its apigw-requestid header), e.g. JKJaXmPLvHcESHA=."""
    return base64.b64encode(secrets.token_bytes(11)).decode("ascii")


def _trace_id(epoch_ms: int) -> str:
    return f"Root=1-{epoch_ms // 1000:08x}-{secrets.token_hex(12)}"


def make_v2_event(
    *,
    method: str = "GET",
    path: str = "/",
    query: str = "",
    headers: Mapping[str, str] | Iterable[tuple[str, str]] = (),
    body: bytes | str = b"",
    source_ip: str = "203.0.113.7",
    route_key: str = "$default",
    path_parameters: Mapping[str, str] | None = None,
    domain_name: str = "local.execute-api.us-east-1.amazonaws.com",
    api_id: str | None = None,
    account_id: str = "123456789012",
    stage: str = "$default",
    request_id: str | None = None,
    time_epoch_ms: int | None = None,
    authorizer: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The event an HTTP API route passes to its Lambda proxy integration.

    `source_ip` is API Gateway's peer: behind CloudFront, the edge; the viewer's address is
    already in the x-forwarded-for the edge sent. `route_key` and `path_parameters` are the route
    the request matched (http_api.HttpApi.match_route); `authorizer` what its JWT authorizer
    verified (authorizer.JwtAuthorizer.verify), e.g. {"jwt": {"claims": {...}, "scopes": None}}.
    """
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    raw = body.encode("utf-8") if isinstance(body, str) else body
    epoch_ms = int(time.time() * 1000) if time_epoch_ms is None else time_epoch_ms
    joined: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in pairs:
        key = name.lower()
        if key == "cookie":
            cookies += [c.strip() for c in value.split(";") if c.strip()]
        elif key == "x-forwarded-for" and key in joined:
            joined[key] = f"{joined[key]}, {value}"
        else:
            joined[key] = f"{joined[key]},{value}" if key in joined else value
    # What API Gateway itself adds or overwrites.
    joined["content-length"] = str(len(raw))
    joined.setdefault("host", domain_name)
    forwarded_for = joined.get("x-forwarded-for")
    joined["x-forwarded-for"] = f"{forwarded_for}, {source_ip}" if forwarded_for else source_ip
    joined.setdefault("x-forwarded-port", "443")
    joined.setdefault("x-forwarded-proto", "https")
    joined.setdefault("x-amzn-trace-id", _trace_id(epoch_ms))

    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": path,
        "rawQueryString": query,
    }
    if cookies:
        event["cookies"] = cookies
    event["headers"] = dict(sorted(joined.items()))
    if query:
        params: dict[str, str] = {}
        for name, value in parse_qsl(query, keep_blank_values=True):
            params[name] = f"{params[name]},{value}" if name in params else value
        event["queryStringParameters"] = params
    if path_parameters:
        event["pathParameters"] = dict(path_parameters)
    event["requestContext"] = {
        "accountId": account_id,
        "apiId": api_id or domain_name.split(".", 1)[0],
        **({"authorizer": dict(authorizer)} if authorizer else {}),
        "domainName": domain_name,
        "domainPrefix": domain_name.split(".", 1)[0],
        "http": {
            "method": method,
            "path": path,
            "protocol": "HTTP/1.1",
            "sourceIp": source_ip,
            "userAgent": joined.get("user-agent", ""),
        },
        "requestId": request_id or new_request_id(),
        "routeKey": route_key,
        "stage": stage,
        "time": _request_time(epoch_ms),
        "timeEpoch": epoch_ms,
    }
    encoded = not _is_text(joined.get("content-type", ""))
    if raw and not encoded:
        try:
            event["body"] = raw.decode("utf-8")
        except UnicodeDecodeError:
            encoded = True
    if raw and encoded:
        event["body"] = base64.b64encode(raw).decode("ascii")
    event["isBase64Encoded"] = encoded
    return event


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def parse_v2_result(result: Any) -> HttpResponse:
    """Turn a function's result into the HTTP response API Gateway would send."""
    if not isinstance(result, dict) or "statusCode" not in result:
        # Payload 2.0 infers a response from anything that is valid JSON.
        return HttpResponse(
            status=200,
            headers=[("content-type", "application/json")],
            body=json.dumps(result).encode("utf-8"),
        )
    status = result["statusCode"]
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        raise InvalidLambdaResponse(f"statusCode {status!r} is not an HTTP status")
    headers: list[tuple[str, str]] = []
    raw_headers = result.get("headers") or {}
    if not isinstance(raw_headers, dict):
        raise InvalidLambdaResponse("headers must be an object")
    for name, value in raw_headers.items():
        headers.append((str(name), str(value)))
    for name, values in (result.get("multiValueHeaders") or {}).items():
        headers.extend((str(name), str(v)) for v in values)
    cookies = result.get("cookies") or []
    if not isinstance(cookies, list):
        raise InvalidLambdaResponse("cookies must be a list")
    headers.extend(("set-cookie", str(c)) for c in cookies)
    body = result.get("body")
    if body is None:
        payload = b""
    elif not isinstance(body, str):
        raise InvalidLambdaResponse("body must be a string")
    elif result.get("isBase64Encoded"):
        try:
            payload = base64.b64decode(body, validate=True)
        except ValueError as exc:
            raise InvalidLambdaResponse(f"body is not valid base64: {exc}") from None
    else:
        payload = body.encode("utf-8")
    return HttpResponse(status=status, headers=headers, body=payload)


def gateway_error(status: int, message: str) -> HttpResponse:
    """API Gateway's own error responses, e.g. 502 {"message":"Internal Server Error"}."""
    return HttpResponse(
        status=status,
        headers=[
            ("content-type", "application/json"),
            ("apigw-requestid", new_request_id()),
            ("date", formatdate(usegmt=True)),
        ],
        body=json.dumps({"message": message}).encode("utf-8"),
    )
