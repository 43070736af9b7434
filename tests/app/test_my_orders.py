"""/api/me/orders: orders linked to the shopper whose claims API Gateway verified, only those."""

import json
import uuid

import pytest

from shop.models import Order
from tests.app.test_api import assert_error

pytestmark = pytest.mark.django_db

CLIENT_ID = "storefront-client"
ALICE = "0f6b1a2e-1111-4c1e-9d7a-6c0e5c3b2a10"
BOB = "7d2c9e4f-2222-4b8a-8f3e-1a2b3c4d5e6f"


@pytest.fixture(autouse=True)
def accounts_configured(settings):
    settings.SHOP_COGNITO_USER_POOL_ID = "eu-west-1_Pool"
    settings.SHOP_COGNITO_CLIENT_ID = CLIENT_ID


def signed_in(sub: str, **claims: str) -> dict:
    """The WSGI environ apig-wsgi builds from an event API Gateway's JWT authorizer let through."""
    verified = {"sub": sub, "token_use": "access", "client_id": CLIENT_ID, **claims}
    return {"apig_wsgi.request_context": {"authorizer": {"jwt": {"claims": verified}}}}


def order(client, sub: str | None, *, email="a@example.com", path="/api/me/orders", **extra):
    environ = signed_in(sub) if sub else {}
    return client.post(
        path,
        data=json.dumps({"email": email, "lines": [{"sku": "MUG", "quantity": 1}]}),
        content_type="application/json",
        headers={"Idempotency-Key": str(uuid.uuid4())},
        **environ,
        **extra,
    )


@pytest.fixture
def mug(product_factory):
    return product_factory(sku="MUG", name="Mug", stock=10)


def test_signed_in_orders_are_linked_and_listed_newest_first(client, mug):
    first = order(client, ALICE)
    second = order(client, ALICE)
    assert first.status_code == second.status_code == 201, first.content
    order(client, BOB, email="b@example.com")
    guest = order(client, None, path="/api/orders")
    assert guest.status_code == 201
    assert Order.objects.get(pk=guest.json()["id"]).customer_sub is None

    listed = client.get("/api/me/orders", **signed_in(ALICE))
    assert listed.status_code == 200
    results = listed.json()["results"]
    assert [o["id"] for o in results] == [second.json()["id"], first.json()["id"]]
    assert {o["status"] for o in results} == {"placed"}
    assert results[0]["lines"][0]["sku"] == "MUG"
    assert "token" not in results[0]


def test_the_same_key_and_body_from_another_shopper_is_refused(client, mug):
    body = json.dumps({"email": "a@example.com", "lines": [{"sku": "MUG", "quantity": 1}]})
    headers = {"Idempotency-Key": "one-key"}
    kwargs = {"data": body, "content_type": "application/json", "headers": headers}
    assert client.post("/api/me/orders", **kwargs, **signed_in(ALICE)).status_code == 201
    replay = client.post("/api/me/orders", **kwargs, **signed_in(ALICE))
    assert replay.status_code == 200 and replay["Idempotent-Replayed"] == "true"
    assert_error(
        client.post("/api/me/orders", **kwargs, **signed_in(BOB)), 422, "idempotency_key_reused"
    )


@pytest.mark.parametrize(
    "environ",
    [
        {},
        # A header is no claim: only API Gateway writes the request context.
        {"HTTP_X_CUSTOMER_SUB": ALICE, "HTTP_AUTHORIZATION": f"Bearer {ALICE}"},
        signed_in(ALICE, token_use="id"),
        signed_in(ALICE, client_id="another-client"),
        {"apig_wsgi.request_context": {"authorizer": None}},
    ],
    ids=["no-claims", "spoofed-headers", "id-token", "other-client", "no-authorizer"],
)
def test_without_verified_access_claims_it_is_401(client, mug, environ):
    assert_error(client.get("/api/me/orders", **environ), 401, "not_signed_in")
    assert_error(order(client, None, **environ), 401, "not_signed_in")
    assert not Order.objects.exists()
