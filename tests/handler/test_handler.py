import base64
import hashlib
import json

import pytest
from django.db import DataError

import lambda_handler
from localcloud.apigateway.events import make_v2_event
from tests.handler.urls import PNG_BYTES

# Django's test client host, which the test settings allow.
HOST = "testserver"
SECURITY_HEADERS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
}


def etag(content: bytes) -> str:
    # ConditionalGetMiddleware's ETag: the MD5 of the body, quoted.
    return f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'


def json_response(status: int, body: dict, **headers: str) -> dict:
    encoded = json.dumps(body)
    return {
        "statusCode": status,
        "cookies": [],
        "headers": {
            "content-type": "application/json",
            **SECURITY_HEADERS,
            "content-length": str(len(encoded)),
            "etag": etag(encoded.encode()),
            # Nothing the handler tests fetch may be kept by a shared cache (shop.http_cache).
            "cache-control": "private, no-store",
            **headers,
        },
        "isBase64Encoded": False,
        "body": encoded,
    }


@pytest.mark.django_db
def test_health():
    response = lambda_handler.handler(make_v2_event(path="/api/health", domain_name=HOST), None)
    assert response == json_response(200, {"status": "ok", "checks": {"database": "ok"}})


@pytest.mark.django_db
def test_public_host_comes_from_x_forwarded_host(settings):
    settings.ALLOWED_HOSTS = ["shop.example.com"]
    from tests.app.factories import ProductFactory

    ProductFactory(sku="MUG", name="Mug", stock=3)
    event = make_v2_event(
        path="/api/products",
        query="page_size=1",
        domain_name="abc.execute-api.eu-west-1.amazonaws.com",
        headers={"x-forwarded-host": "shop.example.com"},
    )

    response = lambda_handler.handler(event, None)

    assert response == json_response(
        200,
        {
            "count": 1,
            "page": 1,
            "page_size": 1,
            "num_pages": 1,
            "results": [
                {
                    "sku": "MUG",
                    "name": "Mug",
                    "description": "A fine product.",
                    "price": "10.00",
                    "currency": "EUR",
                    "stock": 3,
                    "available": True,
                    "max_quantity": 3,
                    "image_url": "https://shop.example.com/static/shop/placeholder.svg",
                }
            ],
        },
    )


@pytest.mark.urls("tests.handler.urls")
def test_cookies_query_strings_and_base64_bodies():
    event = make_v2_event(
        method="POST",
        path="/echo",
        query="a=1&a=2&b=%20x",
        headers={"cookie": "session=abc; theme=dark", "content-type": "application/octet-stream"},
        body=b"\x00\x01binary\xff",
        domain_name=HOST,
    )

    response = lambda_handler.handler(event, None)

    body = {
        "method": "POST",
        "query": {"a": ["1", "2"], "b": [" x"]},
        "cookies": {"session": "abc", "theme": "dark"},
        "body": b"\x00\x01binary\xff".hex(),
        "host": "testserver",
        "secure": True,
    }
    expected = json_response(200, body)
    del expected["headers"]["etag"]  # ConditionalGetMiddleware tags GET and HEAD only
    expected["cookies"] = ["seen=1; HttpOnly; Path=/", "flavour=oat; Path=/; SameSite=Lax"]
    assert response == expected


@pytest.mark.urls("tests.handler.urls")
def test_binary_responses_are_base64():
    response = lambda_handler.handler(make_v2_event(path="/image.png", domain_name=HOST), None)
    assert response == {
        "statusCode": 200,
        "cookies": [],
        "headers": {
            "content-type": "image/png",
            **SECURITY_HEADERS,
            "content-length": str(len(PNG_BYTES)),
            "etag": etag(PNG_BYTES),
            "cache-control": "private, no-store",
        },
        "isBase64Encoded": True,
        "body": base64.b64encode(PNG_BYTES).decode(),
    }


@pytest.mark.django_db
def test_bad_json_through_the_handler_is_400():
    event = make_v2_event(
        method="POST",
        path="/api/orders",
        headers={"content-type": "application/json", "idempotency-key": "k"},
        body="{not json",
        domain_name=HOST,
    )
    response = lambda_handler.handler(event, None)
    assert response["statusCode"] == 400
    assert json.loads(response["body"])["error"]["code"] == "malformed_request"


@pytest.mark.django_db
def test_manage_runs_a_command():
    assert (
        lambda_handler.handler({"manage": ["check", "--deploy", "--fail-level", "CRITICAL"]}, None)[
            "exit_status"
        ]
        == 0
    )


def test_manage_reports_a_migration_the_database_refuses(monkeypatch):
    def failing_migrate(name, *args, stdout, stderr):
        stdout.write("  Applying shop.9999_fails...")
        raise DataError("division by zero")

    monkeypatch.setattr(lambda_handler, "call_command", failing_migrate)
    result = lambda_handler.handler({"manage": ["migrate", "--noinput"]}, None)
    assert result == {
        "exit_status": 1,
        "output": "  Applying shop.9999_fails...error: DataError: division by zero\n",
    }


@pytest.mark.django_db
def test_manage_reports_a_failing_command():
    result = lambda_handler.handler({"manage": ["no_such_command"]}, None)
    assert result == {"exit_status": 1, "output": "error: Unknown command: 'no_such_command'\n"}


@pytest.mark.parametrize(
    ("argv", "output"),
    [
        (
            [],
            'error: "manage" must be a non-empty list of strings, such as ["migrate", "--noinput"]',
        ),
        (
            "migrate",
            'error: "manage" must be a non-empty list of strings, such as ["migrate", "--noinput"]',
        ),
        (
            ["migrate", 1],
            'error: "manage" must be a non-empty list of strings, such as ["migrate", "--noinput"]',
        ),
        (["shell"], "error: 'shell' is interactive; run it elsewhere"),
    ],
)
def test_manage_refuses_bad_events(argv, output):
    assert lambda_handler.handler({"manage": argv}, None) == {"exit_status": 2, "output": output}


@pytest.mark.django_db
def test_each_request_is_one_json_log_line_with_request_id_and_version(capsys, monkeypatch):
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "lambda-shop-pr-1-api")
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_VERSION", "7")

    class Context:
        aws_request_id = "8f5b6c1e-0000-4000-8000-000000000001"

    lambda_handler.handler(make_v2_event(path="/api/health", domain_name=HOST), Context())
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 1
    line = lines[0]
    assert line["requestId"] == Context.aws_request_id and line["version"] == "7"
    assert line["function"] == "lambda-shop-pr-1-api"
    assert (line["method"], line["path"], line["status"], line["level"]) == (
        "GET",
        "/api/health",
        200,
        "INFO",
    )
    assert line["durationMs"] >= 0
