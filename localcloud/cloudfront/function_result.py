"""What a viewer-request CloudFront Function returned, as the edge uses it: a request to send on
(URI, query and headers) or a response to give the viewer."""

from __future__ import annotations

from typing import Any

from localcloud.apigateway.events import HttpResponse
from localcloud.cloudfront.errors import EdgeError


def function_request(
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
    value = entry.get("value")
    if value is None:
        raise EdgeError(503, "The CloudFront function returned a header without a value.")
    return [str(value)]


def function_response(result: dict[str, Any]) -> HttpResponse:
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
        body=str(body if body is not None else "").encode("utf-8"),
    )
