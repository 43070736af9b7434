"""API Gateway HTTP API (payload format 2.0): the event a request becomes, and what a result means.

Follows AWS's documented format: header names lowercased and repeated headers joined with commas,
the Cookie header moved into `cookies`, repeated query parameters joined with commas, binary bodies
base64-encoded, and a response without `statusCode` taken as a 200 JSON body.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import formatdate
from typing import Any
from urllib.parse import parse_qsl

# Bodies with these content types reach the function as text; API Gateway encodes the rest.
TEXT_CONTENT_TYPES = (
    "text/",
    "application/json",
    "application/javascript",
    "application/xml",
    "application/x-www-form-urlencoded",
)


class InvalidLambdaResponse(ValueError):
    """The function returned something API Gateway cannot turn into an HTTP response (502)."""


def _is_text(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type.startswith(TEXT_CONTENT_TYPES) or media_type.endswith(("+json", "+xml"))


def _request_time(epoch_ms: int) -> str:
    # API Gateway's requestContext.time, e.g. 12/Mar/2020:19:03:58 +0000
    return time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(epoch_ms / 1000))


def make_v2_event(
    *,
    method: str = "GET",
    path: str = "/",
    query: str = "",
    headers: Iterable[tuple[str, str]] = (),
    body: bytes = b"",
    source_ip: str = "127.0.0.1",
    domain_name: str = "local.execute-api.us-east-1.amazonaws.com",
    api_id: str = "local",
    account_id: str = "123456789012",
    stage: str = "$default",
    request_id: str | None = None,
    time_epoch_ms: int | None = None,
) -> dict[str, Any]:
    """The event the `$default` route of an HTTP API passes to a Lambda proxy integration."""
    joined: dict[str, str] = {}
    for name, value in headers:
        key = name.lower()
        joined[key] = f"{joined[key]},{value}" if key in joined else value
    cookie_header = joined.pop("cookie", None)
    epoch_ms = int(time.time() * 1000) if time_epoch_ms is None else time_epoch_ms

    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
    }
    if cookie_header:
        event["cookies"] = [c.strip() for c in cookie_header.split(";") if c.strip()]
    event["headers"] = joined
    if query:
        params: dict[str, str] = {}
        for name, value in parse_qsl(query, keep_blank_values=True):
            params[name] = f"{params[name]},{value}" if name in params else value
        event["queryStringParameters"] = params
    event["requestContext"] = {
        "accountId": account_id,
        "apiId": api_id,
        "domainName": domain_name,
        "domainPrefix": domain_name.split(".", 1)[0],
        "http": {
            "method": method,
            "path": path,
            "protocol": "HTTP/1.1",
            "sourceIp": source_ip,
            "userAgent": joined.get("user-agent", ""),
        },
        "requestId": request_id or uuid.uuid4().hex[:16],
        "routeKey": "$default",
        "stage": stage,
        "time": _request_time(epoch_ms),
        "timeEpoch": epoch_ms,
    }
    if body:
        if _is_text(joined.get("content-type", "")):
            try:
                event["body"] = body.decode("utf-8")
                event["isBase64Encoded"] = False
            except UnicodeDecodeError:
                event["body"] = base64.b64encode(body).decode("ascii")
                event["isBase64Encoded"] = True
        else:
            event["body"] = base64.b64encode(body).decode("ascii")
            event["isBase64Encoded"] = True
    else:
        event["isBase64Encoded"] = False
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
            ("apigw-requestid", uuid.uuid4().hex[:16]),
            ("date", formatdate(usegmt=True)),
        ],
        body=json.dumps({"message": message}).encode("utf-8"),
    )
