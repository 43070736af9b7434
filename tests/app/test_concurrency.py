"""Checkout under contention, on the real PostgreSQL cluster (never skipped)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from shop.errors import OutOfStock
from shop.models import Order, OrderLine, Product, StockShard
from shop.selectors import product_stock
from shop.services import LineRequest, place_order

UNITS = 10


def race(buyers: int, lines: list[LineRequest]) -> list[str]:
    """`buyers` threads place the same order at the same moment; each outcome, in order."""
    start = threading.Barrier(buyers)

    def buy(n: int) -> str:
        start.wait()  # release every buyer at once to maximise contention
        try:
            place_order(email=f"buyer{n}@example.com", lines=lines, idempotency_key=f"buyer-{n}")
            return "ordered"
        except OutOfStock:
            return "sold out"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=buyers) as pool:
        return list(pool.map(buy, range(buyers)))


def shards(sku: str) -> list[int]:
    return list(
        StockShard.objects.filter(product__sku=sku)
        .order_by("index")
        .values_list("quantity", flat=True)
    )


def stock(sku: str) -> int:
    return product_stock(product=Product.objects.get(sku=sku))


@pytest.mark.django_db(transaction=True)
def test_200_buyers_for_10_units_across_shards_make_exactly_10_orders(product_factory, settings):
    assert connection.vendor == "postgresql"
    settings.SHOP_STOCK_SHARDS = 8
    product_factory(sku="HOT", stock=UNITS)
    assert shards("HOT") == [2, 2, 1, 1, 1, 1, 1, 1]

    outcomes = race(200, [LineRequest("HOT", 1)])

    assert outcomes.count("ordered") == UNITS
    assert outcomes.count("sold out") == 200 - UNITS
    assert shards("HOT") == [0] * 8
    assert Order.objects.count() == OrderLine.objects.count() == UNITS


@pytest.mark.django_db(transaction=True)
def test_last_units_spread_thin_are_sold_to_orders_that_need_several_shards(
    product_factory, settings
):
    settings.SHOP_STOCK_SHARDS = 8
    product_factory(sku="HOT", stock=12)  # 2,2,2,2,1,1,1,1: no shard holds 3

    outcomes = race(40, [LineRequest("HOT", 3)])

    assert outcomes.count("ordered") == 4
    assert stock("HOT") == 0


@pytest.mark.django_db(transaction=True)
def test_multi_line_orders_that_cannot_be_filled_take_nothing_from_any_shard(
    product_factory, settings
):
    settings.SHOP_STOCK_SHARDS = 8
    # PLENTY sorts first, so a failing order has already taken a PLENTY shard when SCARCE
    # runs out: its rollback must put that back.
    plenty = product_factory(sku="PLENTY", stock=16)
    scarce = product_factory(sku="SCARCE", stock=3)
    assert plenty.pk < scarce.pk

    outcomes = race(50, [LineRequest("PLENTY", 2), LineRequest("SCARCE", 1)])

    assert outcomes.count("ordered") == 3
    assert (stock("PLENTY"), stock("SCARCE")) == (16 - 2 * 3, 0)
    assert Order.objects.count() == 3
    assert OrderLine.objects.count() == 6


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
    assert stock("HOT") == UNITS - 2


@pytest.mark.django_db(transaction=True)
def test_restock_during_a_sale_loses_no_sale(product_factory, settings):
    from shop.services import add_stock

    settings.SHOP_STOCK_SHARDS = 4
    hot = product_factory(sku="HOT", stock=20)
    restocked: list[int] = []

    def restock() -> None:
        try:
            restocked.append(add_stock(product=hot, quantity=30))
        finally:
            connections.close_all()

    thread = threading.Thread(target=restock)
    thread.start()
    outcomes = race(60, [LineRequest("HOT", 1)])
    thread.join()

    assert restocked
    assert outcomes.count("ordered") + stock("HOT") == 50
