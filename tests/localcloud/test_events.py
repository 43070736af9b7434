import base64
import json
import re
from pathlib import Path

import pytest
from apig_wsgi import make_lambda_handler

from localcloud.apigateway.events import (
    HttpResponse,
    InvalidLambdaResponse,
    gateway_error,
    make_v2_event,
    parse_v2_result,
)

FIXTURES = Path(__file__).parent / "fixtures"
# Added by API Gateway itself, not sent by the client.
GATEWAY_HEADERS = {"content-length", "x-forwarded-for", "x-forwarded-port", "x-forwarded-proto"}


def test_a_request_becomes_the_event_aws_sends():
    """An event API Gateway sent (AWS's sample, from the Lambda developer guide), rebuilt from
    the request the browser made."""
    sample = json.loads((FIXTURES / "apigw-http-v2-event.json").read_text())
    # A generated routeId that the documented payload format does not have.
    del sample["requestContext"]["routeId"]
    context = sample["requestContext"]
    sent = [(k, v) for k, v in sample["headers"].items() if k not in GATEWAY_HEADERS]
    sent.append(("Cookie", "; ".join(sample["cookies"])))

    event = make_v2_event(
        method=context["http"]["method"],
        path=sample["rawPath"],
        headers=sent,
        source_ip=context["http"]["sourceIp"],
        route_key=sample["routeKey"],
        domain_name=context["domainName"],
        account_id=context["accountId"],
        stage=context["stage"],
        request_id=context["requestId"],
        time_epoch_ms=context["timeEpoch"],
    )

    assert event == sample


def event(**kwargs):
    defaults = {
        "path": "/api/products",
        "domain_name": "abc123.execute-api.eu-west-1.amazonaws.com",
    }
    return make_v2_event(**{**defaults, **kwargs})


def test_repeated_query_parameters_and_headers_are_joined_with_commas():
    built = event(
        query="page=2&tag=a&tag=b&empty=",
        headers=[("Accept", "application/json"), ("X-Multi", "1"), ("x-multi", "2")],
    )
    assert built["rawQueryString"] == "page=2&tag=a&tag=b&empty="
    assert built["queryStringParameters"] == {"page": "2", "tag": "a,b", "empty": ""}
    assert (built["headers"]["accept"], built["headers"]["x-multi"]) == ("application/json", "1,2")
    assert "pathParameters" not in built and "cookies" not in built


def test_the_route_and_its_path_parameters_are_in_the_event():
    built = event(
        path="/api/products/X",
        route_key="ANY /api/{proxy+}",
        path_parameters={"proxy": "products/X"},
    )
    assert (built["routeKey"], built["requestContext"]["routeKey"]) == ("ANY /api/{proxy+}",) * 2
    assert built["pathParameters"] == {"proxy": "products/X"}
    assert (built["rawPath"], built["requestContext"]["http"]["path"]) == ("/api/products/X",) * 2


def test_behind_cloudfront_the_edge_is_api_gateways_peer():
    built = event(headers={"x-forwarded-for": "198.51.100.7"}, source_ip="130.176.1.2")
    assert built["headers"]["x-forwarded-for"] == "198.51.100.7, 130.176.1.2"
    assert built["requestContext"]["http"]["sourceIp"] == "130.176.1.2"


def test_content_length_is_always_there():
    assert event()["headers"]["content-length"] == "0"
    posted = event(method="POST", headers={"content-type": "application/json"}, body=b'{"a":1}')
    assert posted["headers"]["content-length"] == "7"


def test_every_cookie_header_and_every_value_of_a_repeated_name_is_kept():
    built = event(headers=[("cookie", "a=1; b=2"), ("Cookie", "a=3")])
    assert built["cookies"] == ["a=1", "b=2", "a=3"]
    assert "cookie" not in built["headers"]


def test_the_request_id_has_api_gateways_shape():
    ids = {event()["requestContext"]["requestId"] for _ in range(20)}
    assert len(ids) == 20
    assert all(re.fullmatch(r"[A-Za-z0-9+/]{15}=", request_id) for request_id in ids)
    error = gateway_error(502, "Internal Server Error")
    assert re.fullmatch(r"[A-Za-z0-9+/]{15}=", dict(error.headers)["apigw-requestid"])


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "text/html; charset=utf-8",
        "application/json",
        "application/json; charset=utf-8",
        "application/xml",
        "application/javascript",
    ],
)
def test_text_bodies_stay_text(content_type):
    built = event(method="POST", headers={"Content-Type": content_type}, body="é <x/>")
    assert (built["isBase64Encoded"], built["body"]) == (False, "é <x/>")


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", b"email=a%40example.com&quantity=2"),
        ("multipart/form-data; boundary=x", b"--x\r\n"),
        ("application/vnd.api+json", b"{}"),
        ("image/png", b"\x89PNG\r\n"),
        ("", b"raw"),
        ("text/plain", b"\xff\xfe not utf-8"),
    ],
)
def test_other_bodies_are_base64_and_apig_wsgi_decodes_them(content_type, body):
    headers = {"content-type": content_type} if content_type else {}
    built = event(method="POST", headers=headers, body=body)
    assert (built["isBase64Encoded"], base64.b64decode(built["body"])) == (True, body)

    def echo(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/octet-stream")])
        return [environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))]

    response = make_lambda_handler(echo, binary_support=True)(built, None)
    assert base64.b64decode(response["body"]) == body


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
