"""The catalogue from the edge's cache, as deployed: Terraform's cache policy, Django's headers."""

import json
import time
import uuid

import pytest

from tests.e2e.shop import LocalShop
from tests.e2e.test_end_to_end import call

pytestmark = pytest.mark.slow

LIST = "/api/products?page=1&page_size=5"


def until_miss(shop: LocalShop, path: str, *, seconds: float = 10) -> dict[str, str]:
    deadline = time.monotonic() + seconds
    while True:
        _, headers, _ = call(shop, path)
        if headers["x-cache"].startswith("Miss") or time.monotonic() > deadline:
            return headers
        time.sleep(0.2)


def test_the_catalogue_is_served_from_the_edge_until_invalidated(local_shop):
    path = f"{LIST}&probe={uuid.uuid4().hex}"  # not in the key: shares the list's cached answer
    until_miss(local_shop, LIST)  # whatever an earlier test left, start from a fresh answer
    status, headers, body = call(local_shop, path)
    assert status == 200, body
    assert headers["x-cache"] == "Hit from cloudfront"
    assert (
        "s-maxage=" in headers["cache-control"]
        and "stale-while-revalidate=" in headers["cache-control"]
    )
    assert int(headers["age"]) >= 0
    other_page = call(local_shop, "/api/products?page=2&page_size=5")[1]
    assert other_page["x-cache"] in {"Miss from cloudfront", "Hit from cloudfront"}

    cloudfront = local_shop.client("cloudfront")
    cloudfront.create_invalidation(
        DistributionId=local_shop.deployment["distribution_id"],
        InvalidationBatch={
            "Paths": {"Quantity": 1, "Items": ["/api/products*"]},
            "CallerReference": uuid.uuid4().hex,
        },
    )
    assert until_miss(local_shop, LIST)["x-cache"] == "Miss from cloudfront"


def test_orders_and_errors_are_never_kept_for_someone_else(local_shop):
    _, _, body = call(local_shop, "/api/products?page=1&page_size=1")
    sku = json.loads(body)["results"][0]["sku"]
    order = {"email": "cache@example.com", "lines": [{"sku": sku, "quantity": 1}]}
    key = {"Idempotency-Key": str(uuid.uuid4())}
    status, headers, body = call(local_shop, "/api/orders", method="POST", body=order, headers=key)
    assert status == 201, body
    assert (headers["cache-control"], headers["x-cache"]) == (
        "private, no-store",
        "Miss from cloudfront",
    )
    placed = json.loads(body)
    token, order_id = placed["token"], placed["id"]
    for _ in range(2):
        status, headers, _ = call(
            local_shop, f"/api/orders/{order_id}", headers={"X-Order-Token": token}
        )
        assert (status, headers["x-cache"]) == (200, "Miss from cloudfront")
