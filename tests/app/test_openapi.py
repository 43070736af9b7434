"""The OpenAPI document at /api/openapi.json matches the real views.

Every API route Django resolves is in the document with exactly the methods its view answers,
and nothing else is; responses of the real views (successes and every kind of error) validate
against the schema the document gives for their status, which must be documented.
"""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver
from jsonschema import Draft202012Validator, FormatChecker

from shop import urls as shop_urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["openapi"].startswith("3.1.")
    Draft202012Validator.check_schema({**body["components"]["schemas"]["Order"]})
    return body


def _routes(patterns=shop_urls.urlpatterns, prefix: str = "") -> dict[str, set[str]]:
    """Django's API routes as OpenAPI paths, with the methods each view answers."""
    routes = {}
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes |= _routes(pattern.url_patterns, route)
            continue
        assert isinstance(pattern, URLPattern)
        if route == "^.*$":  # the JSON 404 for everything else
            continue
        path = "/api/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        routes[path] = {m.lower() for m in pattern.callback.methods}
    return routes


def test_every_route_is_documented_and_nothing_else(document):
    documented = {path: set(ops) for path, ops in document["paths"].items()}
    assert documented == _routes()


def check(document: dict, path: str, method: str, response) -> None:
    """The response's status is documented for the operation, and its body fits the schema."""
    responses = document["paths"][path][method]["responses"]
    status = str(response.status_code)
    assert status in responses, f"{method.upper()} {path} answered an undocumented {status}"
    assert response["Content-Type"] == "application/json"
    schema = responses[status]["content"]["application/json"]["schema"]
    validator = Draft202012Validator(
        {**schema, "components": document["components"]}, format_checker=FormatChecker()
    )
    errors = [e.message for e in validator.iter_errors(response.json())]
    assert not errors, f"{method.upper()} {path} {status}: {errors}"


def test_real_responses_match_the_document(client, document, product_factory):
    product_factory(sku="MUG", name="Mug", stock=3)
    product_factory(sku="CAP", name="Cap", stock=0)

    def order(body, *, key=None, **extra):
        headers = {"Idempotency-Key": key or str(uuid.uuid4())}
        return client.post("/api/orders", body, headers=headers, **extra)

    check(document, "/api/health", "get", client.get("/api/health"))
    check(document, "/api/openapi.json", "get", client.get("/api/openapi.json"))
    check(document, "/api/products", "get", client.get("/api/products"))
    check(document, "/api/products", "get", client.get("/api/products?page_size=0"))
    # A 405 is documented on the path's operations (with the Allow header).
    check(document, "/api/products", "get", client.post("/api/products"))
    check(document, "/api/products/{sku}", "get", client.get("/api/products/MUG"))
    check(document, "/api/products/{sku}", "get", client.get("/api/products/NOPE"))

    body = {"email": "buyer@example.com", "lines": [{"sku": "MUG", "quantity": 1}]}
    placed = order(body, key="k-1", content_type="application/json")
    check(document, "/api/orders", "post", placed)
    assert placed.status_code == 201
    replayed = order(body, key="k-1", content_type="application/json")
    check(document, "/api/orders", "post", replayed)
    assert replayed.status_code == 200
    check(document, "/api/orders", "post", order(body, content_type="text/plain"))
    check(document, "/api/orders", "post", order("{", content_type="application/json"))
    check(document, "/api/orders", "post", order({"lines": []}, content_type="application/json"))
    sold_out = {"email": "b@example.com", "lines": [{"sku": "CAP", "quantity": 1}]}
    check(document, "/api/orders", "post", order(sold_out, content_type="application/json"))
    check(document, "/api/orders", "post", client.get("/api/orders"))

    order_id, token = placed.json()["id"], placed.json()["token"]
    path = "/api/orders/{order_id}"
    found = client.get(f"/api/orders/{order_id}", headers={"X-Order-Token": token})
    assert found.status_code == 200
    check(document, path, "get", found)
    check(document, path, "get", client.get(f"/api/orders/{order_id}"))
    wrong = client.get(f"/api/orders/{order_id}", headers={"X-Order-Token": "x"})
    check(document, path, "get", wrong)
    check(document, "/api/me/orders", "get", client.get("/api/me/orders"))
    bad_email = {"email": "nope", "password": "x"}
    check(
        document,
        "/api/auth/sign-up",
        "post",
        client.post("/api/auth/sign-up", bad_email, content_type="application/json"),
    )
    check(document, "/api/auth/refresh", "post", client.post("/api/auth/refresh"))
    signed_out = client.post("/api/auth/sign-out")
    assert (
        str(signed_out.status_code) in document["paths"]["/api/auth/sign-out"]["post"]["responses"]
    )

    too_big = client.get(f"/api/orders/{2**64}", headers={"X-Order-Token": token})
    assert too_big.status_code == 404
    check(document, path, "get", too_big)


# API Gateway answers these itself, in its own shape, before Django runs.
GATEWAY_ERRORS = {
    ("401", "No valid access token (API Gateway's JWT authorizer)"): "Unauthorized",
    ("429", "Too many attempts; try again later (API Gateway's throttle, or Cognito's)"): (
        "Too Many Requests"
    ),
}


def test_every_documented_error_is_the_envelope(document):
    envelope = {"$ref": "#/components/schemas/Error"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if not status.startswith("4"):
                    continue
                schema = response["content"]["application/json"]["schema"]
                gateway = GATEWAY_ERRORS.get((status, response["description"]))
                if gateway is None:
                    assert schema == envelope, (path, method, status)
                    continue
                message = schema["anyOf"][0]["properties"]["message"]
                assert (message, schema["anyOf"][1]) == ({"const": gateway}, envelope), (
                    path,
                    method,
                    status,
                )
