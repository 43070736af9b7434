"""Checkout under contention, on the real PostgreSQL cluster (never skipped)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from shop.errors import OutOfStock
from shop.models import Order, OrderLine, Product
from shop.services import LineRequest, place_order

BUYERS = 100
UNITS = 10


@pytest.mark.django_db(transaction=True)
def test_100_buyers_for_10_units_make_exactly_10_orders(product_factory):
    assert connection.vendor == "postgresql"
    product_factory(sku="HOT", stock=UNITS)
    start = threading.Barrier(BUYERS)

    def buy(n: int) -> str:
        start.wait()  # release every buyer at once to maximise contention
        try:
            place_order(
                email=f"buyer{n}@example.com",
                lines=[LineRequest("HOT", 1)],
                idempotency_key=f"buyer-{n}",
            )
            return "ordered"
        except OutOfStock:
            return "sold out"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=BUYERS) as pool:
        outcomes = list(pool.map(buy, range(BUYERS)))

    assert outcomes.count("ordered") == UNITS
    assert outcomes.count("sold out") == BUYERS - UNITS
    assert Product.objects.get(sku="HOT").stock == 0
    assert Order.objects.count() == UNITS
    assert OrderLine.objects.count() == UNITS


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_of_one_key_make_one_order(product_factory):
    product_factory(sku="HOT", stock=UNITS)
    start = threading.Barrier(20)

    def retry(_: int) -> int:
        start.wait()
        try:
            return place_order(
                email="same@example.com", lines=[LineRequest("HOT", 2)], idempotency_key="dup"
            ).order.pk
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=20) as pool:
        order_ids = set(pool.map(retry, range(20)))

    assert len(order_ids) == 1
    assert Order.objects.count() == 1
    assert Product.objects.get(sku="HOT").stock == UNITS - 2
