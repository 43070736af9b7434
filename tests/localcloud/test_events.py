import base64
import json

import pytest

from localcloud.apigateway.events import (
    HttpResponse,
    InvalidLambdaResponse,
    gateway_error,
    make_v2_event,
    parse_v2_result,
)

EPOCH_MS = 1767225600000  # 01/Jan/2026:00:00:00 +0000


def context(**http):
    return {
        "accountId": "123456789012",
        "apiId": "abc123",
        "domainName": "abc123.execute-api.eu-west-1.amazonaws.com",
        "domainPrefix": "abc123",
        "http": {
            "method": "GET",
            "path": "/api/products",
            "protocol": "HTTP/1.1",
            "sourceIp": "203.0.113.9",
            "userAgent": "",
            **http,
        },
        "requestId": "req-1",
        "routeKey": "$default",
        "stage": "$default",
        "time": "01/Jan/2026:00:00:00 +0000",
        "timeEpoch": EPOCH_MS,
    }


def event(**kwargs):
    defaults = {
        "path": "/api/products",
        "source_ip": "203.0.113.9",
        "domain_name": "abc123.execute-api.eu-west-1.amazonaws.com",
        "api_id": "abc123",
        "request_id": "req-1",
        "time_epoch_ms": EPOCH_MS,
    }
    return make_v2_event(**{**defaults, **kwargs})


def test_get_with_repeated_query_parameters_and_headers():
    assert event(
        query="page=2&tag=a&tag=b&empty=",
        headers=[("Accept", "application/json"), ("X-Multi", "1"), ("x-multi", "2")],
    ) == {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": "/api/products",
        "rawQueryString": "page=2&tag=a&tag=b&empty=",
        "headers": {"accept": "application/json", "x-multi": "1,2"},
        "queryStringParameters": {"page": "2", "tag": "a,b", "empty": ""},
        "requestContext": context(),
        "isBase64Encoded": False,
    }


def test_cookies_leave_the_headers_and_json_bodies_stay_text():
    body = json.dumps({"email": "a@example.com"}).encode()
    assert event(
        method="POST",
        path="/api/orders",
        headers=[
            ("Cookie", "sessionid=abc; csrftoken=xyz"),
            ("Content-Type", "application/json"),
            ("User-Agent", "pytest"),
        ],
        body=body,
    ) == {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": "/api/orders",
        "rawQueryString": "",
        "cookies": ["sessionid=abc", "csrftoken=xyz"],
        "headers": {"content-type": "application/json", "user-agent": "pytest"},
        "requestContext": context(method="POST", path="/api/orders", userAgent="pytest"),
        "body": body.decode(),
        "isBase64Encoded": False,
    }


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("image/png", b"\x89PNG\r\n"),
        ("multipart/form-data; boundary=x", b"--x\r\n"),
        ("", b"raw"),
        ("text/plain", b"\xff\xfe not utf-8"),
    ],
)
def test_binary_bodies_are_base64_encoded(content_type, body):
    headers = [("content-type", content_type)] if content_type else []
    built = event(method="PUT", headers=headers, body=body)
    assert (built["isBase64Encoded"], base64.b64decode(built["body"])) == (True, body)


def test_result_with_cookies_and_base64_body():
    result = {
        "statusCode": 201,
        "headers": {"Content-Type": "image/gif", "X-One": "1"},
        "cookies": ["a=1; Path=/", "b=2"],
        "body": base64.b64encode(b"GIF89a").decode(),
        "isBase64Encoded": True,
    }
    assert parse_v2_result(result) == HttpResponse(
        status=201,
        headers=[
            ("Content-Type", "image/gif"),
            ("X-One", "1"),
            ("set-cookie", "a=1; Path=/"),
            ("set-cookie", "b=2"),
        ],
        body=b"GIF89a",
    )


def test_result_without_status_code_is_a_json_200():
    assert parse_v2_result({"hello": "world"}) == HttpResponse(
        status=200,
        headers=[("content-type", "application/json")],
        body=b'{"hello": "world"}',
    )


@pytest.mark.parametrize(
    "result",
    [
        {"statusCode": "200"},
        {"statusCode": 99},
        {"statusCode": True},
        {"statusCode": 200, "body": {"not": "a string"}},
        {"statusCode": 200, "body": "!!", "isBase64Encoded": True},
        {"statusCode": 200, "headers": ["x"]},
        {"statusCode": 200, "cookies": "a=1"},
    ],
)
def test_unusable_results_are_rejected(result):
    with pytest.raises(InvalidLambdaResponse):
        parse_v2_result(result)


def test_gateway_errors_are_json_messages():
    error = gateway_error(502, "Internal Server Error")
    assert (error.status, json.loads(error.body)) == (502, {"message": "Internal Server Error"})
    assert ("content-type", "application/json") in error.headers
