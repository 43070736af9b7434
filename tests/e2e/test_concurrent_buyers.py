"""200 buyers at once for the last 10 units, through the local edge, on the PostgreSQL server
standing in for the environment's Aurora cluster: exactly 10 orders, stock 0, no 5xx.

Runs before test_end_to_end.py (which ends with `make down`) in the session's local shop.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from localcloud.environment.deployment import clients
from localcloud.rds.server import RUNTIME_ENVIRONMENT
from tests.e2e.shop import LocalShop

pytestmark = pytest.mark.slow

BUYERS = 200
UNITS = 10


def _post_order(shop: LocalShop, order: dict) -> int:
    request = urllib.request.Request(  # noqa: S310 - the local edge
        f"{shop.url}/api/orders",
        method="POST",
        data=json.dumps(order).encode(),
        headers={"content-type": "application/json", "Idempotency-Key": str(uuid.uuid4())},
    )
    try:
        with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _product(shop: LocalShop, sku: str) -> dict:
    with urllib.request.urlopen(f"{shop.url}/api/products/{sku}", timeout=60) as response:  # noqa: S310
        return json.loads(response.read())


def _database(shop: LocalShop) -> psycopg.Connection:
    """The environment's database, as the functions reach it: the cluster's secret, over TLS."""
    aws = clients(shop.moto_endpoint, shop.deployment["region"])
    (cluster,) = aws["rds"].describe_db_clusters(
        DBClusterIdentifier=shop.deployment["name_prefix"]
    )["DBClusters"]
    secret = json.loads(
        aws["secretsmanager"].get_secret_value(SecretId=cluster["MasterUserSecret"]["SecretArn"])[
            "SecretString"
        ]
    )
    return psycopg.connect(
        host=cluster["Endpoint"],
        hostaddr=RUNTIME_ENVIRONMENT["PGHOSTADDR"],
        port=cluster["Port"],
        dbname=cluster["DatabaseName"],
        user=secret["username"],
        password=secret["password"],
        sslmode="require",
    )


def test_200_buyers_for_10_units_get_exactly_10_orders(local_shop: LocalShop):
    shop = local_shop
    with urllib.request.urlopen(f"{shop.url}/api/products?page_size=50", timeout=60) as response:  # noqa: S310
        products = json.loads(response.read())["results"]
    product = max((p for p in products if p["available"]), key=lambda p: p["stock"])
    sku = product["sku"]
    assert product["stock"] >= UNITS, "the demo catalogue has no product with 10 units"
    # Down to the last 10 units, through the shop itself.
    extra = product["stock"] - UNITS
    while extra:
        quantity = min(extra, product["max_quantity"])
        order = {"email": "stocker@example.com", "lines": [{"sku": sku, "quantity": quantity}]}
        assert _post_order(shop, order) == 201
        extra -= quantity
    assert _product(shop, sku)["stock"] == UNITS

    email_domain = f"rush-{uuid.uuid4().hex[:8]}.example.com"
    start = threading.Barrier(BUYERS)

    def buy(index: int) -> int:
        start.wait()
        order = {"email": f"buyer{index}@{email_domain}", "lines": [{"sku": sku, "quantity": 1}]}
        return _post_order(shop, order)

    with ThreadPoolExecutor(BUYERS) as pool:
        statuses = list(pool.map(buy, range(BUYERS)))

    assert [s for s in statuses if s >= 500] == []
    assert statuses.count(201) == UNITS
    assert set(statuses) == {201, 409}, sorted(set(statuses))
    assert _product(shop, sku)["stock"] == 0
    with _database(shop) as conn:
        orders, units = conn.execute(
            "SELECT count(DISTINCT o.id), coalesce(sum(l.quantity), 0) FROM shop_order o "
            "JOIN shop_orderline l ON l.order_id = o.id WHERE o.email LIKE %s AND l.sku = %s",
            (f"%@{email_domain}", sku),
        ).fetchone()
    assert (orders, units) == (UNITS, UNITS)
