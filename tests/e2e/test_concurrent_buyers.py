"""200 buyers at once for the last 10 units, through the local edge, on the environment's PostgreSQL
server (the emulated Aurora cluster's stand-in): exactly 10 orders, stock 0, no 5xx.

The stage's throttle holds as on API Gateway (preview: burst 50): the buyers past the burst get
API Gateway's own 429, which a shopper's retry gets past; every buyer that reached the function
got an order or the shop's 409, never a 5xx.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.e2e.shop import THROTTLED, LocalShop

pytestmark = pytest.mark.slow

BUYERS = 200
UNITS = 10


def post_order(shop: LocalShop, *, email: str, sku: str, quantity: int) -> int:
    return _post_order(shop, email=email, sku=sku, quantity=quantity)[0]


def _post_order(shop: LocalShop, *, email: str, sku: str, quantity: int) -> tuple[int, dict]:
    order = {"email": email, "lines": [{"sku": sku, "quantity": quantity}]}
    request = urllib.request.Request(  # noqa: S310 - the local edge
        f"{shop.url}/api/orders",
        method="POST",
        data=json.dumps(order).encode(),
        headers={"content-type": "application/json", "Idempotency-Key": str(uuid.uuid4())},
    )
    try:
        with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def test_200_buyers_for_10_units_get_exactly_10_orders(local_shop: LocalShop):
    shop = local_shop
    with urllib.request.urlopen(f"{shop.url}/api/products?page_size=50", timeout=60) as response:  # noqa: S310
        products = json.loads(response.read())["results"]
    sku = max(products, key=lambda p: p["stock"])["sku"]
    stock = shop.fresh_stock(sku)
    assert stock >= UNITS, "the demo catalogue has no product with 10 units"
    while stock > UNITS:  # down to the last 10 units, through the shop itself
        quantity = min(stock - UNITS, 10)
        assert post_order(shop, email="stocker@example.com", sku=sku, quantity=quantity) == 201
        stock -= quantity
    assert shop.fresh_stock(sku) == UNITS

    start = threading.Barrier(BUYERS)

    def buy(index: int) -> tuple[int, dict]:
        start.wait()
        return _post_order(shop, email=f"buyer{index}@example.com", sku=sku, quantity=1)

    with ThreadPoolExecutor(BUYERS) as pool:
        answers = list(pool.map(buy, range(BUYERS)))

    statuses = [status for status, _ in answers]
    assert [s for s in statuses if s >= 500] == []
    throttled = [a for a in answers if a[0] == 429]
    assert all(a == THROTTLED for a in throttled), throttled[:3]
    assert statuses.count(201) == UNITS
    assert statuses.count(409) == BUYERS - UNITS - len(throttled)
    assert shop.fresh_stock(sku) == 0
