import json

import pytest

from shop.models import Order, Product
from shop.selectors import product_stock

pytestmark = pytest.mark.django_db

ORDER = {"email": "buyer@example.com", "lines": [{"sku": "MUG", "quantity": 2}]}


@pytest.fixture
def mug(product_factory):
    return product_factory(sku="MUG", name="Mug", stock=5)


def assert_error(response, status: int, code: str, fields: dict | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]
    if fields is not None:
        assert error.get("fields") == fields
    return error


def assert_nothing_written(mug) -> None:
    assert product_stock(product=mug) == 5
    assert Order.objects.count() == 0


# --- reads ---------------------------------------------------------------------------


def test_health_checks_the_database(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


def test_products_are_paginated(client, product_factory):
    for index in range(3):
        product_factory(sku=f"P{index}", name=f"Product {index}")

    body = client.get("/api/products?page=2&page_size=2").json()

    assert {k: body[k] for k in ("count", "page", "page_size", "num_pages")} == {
        "count": 3,
        "page": 2,
        "page_size": 2,
        "num_pages": 2,
    }
    assert [p["sku"] for p in body["results"]] == ["P2"]


def test_product_detail_uses_the_public_host(client, mug, settings):
    settings.ALLOWED_HOSTS = ["shop.example.com"]

    response = client.get(
        "/api/products/MUG",
        headers={"X-Forwarded-Host": "shop.example.com", "X-Forwarded-Proto": "https"},
        HTTP_HOST="abc123.execute-api.eu-west-1.amazonaws.com",
    )

    assert response.json() == {
        "sku": "MUG",
        "name": "Mug",
        "description": "A fine product.",
        "price": "10.00",
        "currency": "EUR",
        "stock": 5,
        "available": True,
        "max_quantity": 5,
        "image_url": "https://shop.example.com/static/shop/placeholder.svg",
    }


@pytest.mark.parametrize("query", ["page=0", "page=x", "page_size=101", "page_size=-1"])
def test_bad_pagination_is_a_4xx(client, query):
    assert_error(client.get(f"/api/products?{query}"), 422, "validation_error")


def test_unknown_product_is_404_json(client, db):
    assert_error(client.get("/api/products/NOPE"), 404, "not_found")


def test_unknown_api_path_is_404_json(client, db):
    assert_error(client.get("/api/nothing/here"), 404, "not_found")


# --- checkout ------------------------------------------------------------------------


def test_checkout_creates_order_and_replay_returns_it(client, mug, post_order):
    first = post_order(ORDER, key="same-key")
    second = post_order(ORDER, key="same-key")

    assert first.status_code == 201
    assert second.status_code == 200
    assert second["Idempotent-Replayed"] == "true"
    assert first.json() == second.json()
    body = first.json()
    assert body["total"] == "20.00"
    assert body["lines"] == [
        {"sku": "MUG", "name": "Mug", "quantity": 2, "unit_price": "10.00", "line_total": "20.00"}
    ]
    assert product_stock(product=mug) == 3

    fetched = client.get(f"/api/orders/{body['id']}", headers={"X-Order-Token": body["token"]})
    assert fetched.status_code == 200
    assert fetched.json()["id"] == body["id"]
    assert "token" not in fetched.json()


def test_order_needs_its_token(client, mug, post_order):
    order = post_order(ORDER).json()
    assert_error(client.get(f"/api/orders/{order['id']}"), 401, "token_required")
    assert_error(
        client.get(f"/api/orders/{order['id']}", headers={"X-Order-Token": "guess"}),
        404,
        "not_found",
    )


def test_out_of_stock_is_409(mug, post_order):
    response = post_order({"email": "a@example.com", "lines": [{"sku": "MUG", "quantity": 6}]})
    assert_error(response, 409, "out_of_stock", {"lines[0].quantity": "not enough stock"})
    assert_nothing_written(mug)


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"lines": ORDER["lines"]}, {"email": "required"}),
        ({"email": "buyer@example.com"}, {"lines": "required"}),
        ({**ORDER, "coupon": "FREE"}, {"coupon": "unknown field"}),
        ({**ORDER, "email": "not-an-email"}, {"email": "enter a valid email address"}),
        ({**ORDER, "email": 42}, {"email": "enter an email address"}),
        ({**ORDER, "lines": []}, {"lines": "must be a non-empty list"}),
        ({**ORDER, "lines": "MUG"}, {"lines": "must be a non-empty list"}),
        (
            {**ORDER, "lines": [{"sku": "MUG", "quantity": 0}]},
            {"lines[0].quantity": "must be a positive whole number"},
        ),
        (
            {**ORDER, "lines": [{"sku": "MUG", "quantity": -3}]},
            {"lines[0].quantity": "must be a positive whole number"},
        ),
        (
            {**ORDER, "lines": [{"sku": "MUG", "quantity": 1.5}]},
            {"lines[0].quantity": "must be a positive whole number"},
        ),
        (
            {**ORDER, "lines": [{"sku": "MUG", "quantity": "2"}]},
            {"lines[0].quantity": "must be a positive whole number"},
        ),
        (
            {**ORDER, "lines": [{"sku": "MUG", "quantity": True}]},
            {"lines[0].quantity": "must be a positive whole number"},
        ),
        (
            {**ORDER, "lines": [{"sku": "MUG", "quantity": 11}]},
            {"lines[0].quantity": "at most 10 per line"},
        ),
        ({**ORDER, "lines": [{"quantity": 1}]}, {"lines[0].sku": "must be a product sku"}),
        (
            {**ORDER, "lines": [{"sku": "MUG", "quantity": 1, "gift": True}]},
            {"lines[0].gift": "unknown field"},
        ),
        ({**ORDER, "lines": ["MUG"]}, {"lines[0]": "must be an object with sku and quantity"}),
        (
            {**ORDER, "lines": [{"sku": "MUG", "quantity": 1}, {"sku": "MUG", "quantity": 1}]},
            {"lines[1].sku": "appears twice; put the whole quantity on one line"},
        ),
        (
            {**ORDER, "lines": [{"sku": f"S{i}", "quantity": 1} for i in range(21)]},
            {"lines": "at most 20 lines per order"},
        ),
        (
            {**ORDER, "lines": [{"sku": "NOPE", "quantity": 1}]},
            {"lines[0].sku": "unknown or inactive product"},
        ),
    ],
    ids=[
        "missing-email",
        "missing-lines",
        "unknown-field",
        "bad-email",
        "email-not-string",
        "empty-lines",
        "lines-not-list",
        "zero-quantity",
        "negative-quantity",
        "fractional-quantity",
        "string-quantity",
        "boolean-quantity",
        "over-line-limit",
        "missing-sku",
        "unknown-line-field",
        "line-not-object",
        "duplicate-sku",
        "too-many-lines",
        "unknown-sku",
    ],
)
def test_invalid_orders_are_422_with_field_errors(mug, post_order, body, fields):
    assert_error(post_order(body), 422, "validation_error", fields)
    assert_nothing_written(mug)


def test_inactive_sku_is_refused(mug, post_order):
    Product.objects.filter(sku="MUG").update(is_active=False)
    response = post_order(ORDER)
    assert_error(response, 422, "validation_error", {"lines[0].sku": "unknown or inactive product"})


@pytest.mark.parametrize("raw", ["{", "   ", "[1, 2", "\xff"])
def test_malformed_json_is_400(mug, post_order, raw):
    assert_error(post_order(None, raw=raw), 400, "malformed_request")
    assert_nothing_written(mug)


def test_json_that_is_not_an_object_is_422(mug, post_order):
    assert_error(post_order([ORDER]), 422, "validation_error")
    assert_nothing_written(mug)


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_wrong_content_type_is_415(mug, post_order, content_type):
    response = post_order(None, raw=json.dumps(ORDER), content_type=content_type)
    assert_error(response, 415, "unsupported_media_type")
    assert_nothing_written(mug)


def test_body_over_1mb_is_413(mug, post_order):
    padded = {**ORDER, "email": "a" * (1024 * 1024) + "@example.com"}
    assert_error(post_order(padded), 413, "payload_too_large")
    assert_nothing_written(mug)


@pytest.mark.parametrize("key", [None, "", "has space", "é", "k" * 256])
def test_missing_or_bad_idempotency_key_is_422(mug, post_order, key):
    response = post_order(ORDER, key=key)
    error = assert_error(response, 422, "validation_error")
    assert "Idempotency-Key" in error["fields"]
    assert_nothing_written(mug)


def test_reused_idempotency_key_with_other_body_is_422(mug, post_order):
    post_order(ORDER, key="k1")
    other = {**ORDER, "lines": [{"sku": "MUG", "quantity": 1}]}
    assert_error(post_order(other, key="k1"), 422, "idempotency_key_reused")
    assert product_stock(product=mug) == 3


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("put", "/api/orders", "POST"),
        ("get", "/api/orders", "POST"),
        ("delete", "/api/products", "GET, HEAD"),
        ("post", "/api/products/MUG", "GET, HEAD"),
        ("post", "/api/health", "GET, HEAD"),
    ],
)
def test_wrong_method_is_405_with_allow(client, mug, method, path, allow):
    response = getattr(client, method)(path)
    assert_error(response, 405, "method_not_allowed")
    assert response["Allow"] == allow
    assert_nothing_written(mug)


def test_disallowed_host_is_400_json(client, db):
    response = client.get("/api/health", HTTP_HOST="evil.example")
    assert_error(response, 400, "bad_request")
