import json
import uuid

import pytest
from django.test import Client

from tests.app.factories import ProductFactory


@pytest.fixture
def product_factory(db):
    return ProductFactory


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture
def post_order(client):
    """POST /api/orders the way the storefront does, with overridable pieces."""

    def post(body, *, key: str | None = "auto", content_type="application/json", raw=None):
        headers = {}
        if key == "auto":
            headers["Idempotency-Key"] = str(uuid.uuid4())
        elif key is not None:
            headers["Idempotency-Key"] = key
        data = raw if raw is not None else json.dumps(body)
        return client.post("/api/orders", data=data, content_type=content_type, headers=headers)

    return post
