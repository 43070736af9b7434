"""API Gateway HTTP API (payload format 2.0) event builders, in the style of apig-wsgi's tests."""

import base64
from typing import Any


def make_v2_event(
    *,
    method: str = "GET",
    path: str = "/",
    query_string: str = "",
    headers: dict[str, str] | None = None,
    cookies: list[str] | None = None,
    body: str | bytes | None = None,
    binary: bool = False,
    host: str = "testserver",
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query_string,
        "headers": {"host": host, "x-forwarded-proto": "https", **(headers or {})},
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "api-id",
            "domainName": host,
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.7",
                "userAgent": "pytest",
            },
            "requestId": "request-id",
            "routeKey": "$default",
            "stage": "$default",
            "timeEpoch": 1_700_000_000_000,
        },
        "isBase64Encoded": binary,
    }
    if cookies is not None:
        event["cookies"] = cookies
    if body is not None:
        raw = body.encode() if isinstance(body, str) else body
        event["body"] = base64.b64encode(raw).decode() if binary else raw.decode()
    return event
