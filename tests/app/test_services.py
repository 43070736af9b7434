from decimal import Decimal

import pytest

from shop.errors import IdempotencyConflict, OutOfStock, ValidationFailed
from shop.models import Order, OrderLine, StockShard
from shop.selectors import product_stock
from shop.services import LineRequest, place_order

pytestmark = pytest.mark.django_db


def test_place_order_takes_stock_and_snapshots_lines(product_factory):
    mug = product_factory(sku="MUG", price=Decimal("14.00"), stock=5)
    tee = product_factory(sku="TEE", price=Decimal("20.50"), stock=2)

    placed = place_order(
        email="buyer@example.com",
        lines=[LineRequest("MUG", 2), LineRequest("TEE", 1)],
        idempotency_key="key-1",
    )

    assert placed.created is True
    order = placed.order
    assert (order.email, order.currency, order.total) == (
        "buyer@example.com",
        "EUR",
        Decimal("48.50"),
    )
    assert [(line.sku, line.quantity, line.unit_price) for line in order.lines.all()] == [
        ("MUG", 2, Decimal("14.00")),
        ("TEE", 1, Decimal("20.50")),
    ]
    assert (product_stock(product=mug), product_stock(product=tee)) == (3, 1)


def test_out_of_stock_fails_whole_order_and_leaves_nothing(product_factory):
    # MUG's line is filled (from one shard or across several) before TEE's fails.
    mug = product_factory(sku="MUG", stock=5)
    product_factory(sku="TEE", stock=1)
    shards = list(StockShard.objects.order_by("pk").values_list("quantity", flat=True))

    with pytest.raises(OutOfStock) as excinfo:
        place_order(
            email="b@example.com",
            lines=[LineRequest("MUG", 2), LineRequest("TEE", 3)],
            idempotency_key="key-2",
        )

    assert excinfo.value.fields == {"lines[1].quantity": "not enough stock"}
    assert product_stock(product=mug) == 5
    assert list(StockShard.objects.order_by("pk").values_list("quantity", flat=True)) == shards
    assert Order.objects.count() == 0
    assert OrderLine.objects.count() == 0


def test_same_idempotency_key_returns_same_order(product_factory):
    mug = product_factory(sku="MUG", stock=5)
    lines = [LineRequest("MUG", 1)]

    first = place_order(email="b@example.com", lines=lines, idempotency_key="again")
    second = place_order(email="b@example.com", lines=lines, idempotency_key="again")

    assert (first.created, second.created) == (True, False)
    assert first.order.pk == second.order.pk
    assert product_stock(product=mug) == 4
    assert Order.objects.count() == 1


def test_reused_idempotency_key_with_other_body_is_refused(product_factory):
    product_factory(sku="MUG", stock=5)
    place_order(email="b@example.com", lines=[LineRequest("MUG", 1)], idempotency_key="k")

    with pytest.raises(IdempotencyConflict):
        place_order(email="b@example.com", lines=[LineRequest("MUG", 2)], idempotency_key="k")
    assert Order.objects.count() == 1


def test_unknown_and_inactive_skus_are_named(product_factory):
    product_factory(sku="OLD", is_active=False)
    product_factory(sku="MUG")

    with pytest.raises(ValidationFailed) as excinfo:
        place_order(
            email="b@example.com",
            lines=[LineRequest("MUG", 1), LineRequest("OLD", 1), LineRequest("NOPE", 1)],
            idempotency_key="k",
        )

    assert excinfo.value.fields == {
        "lines[1].sku": "unknown or inactive product",
        "lines[2].sku": "unknown or inactive product",
    }
    assert Order.objects.count() == 0


def test_mixed_currencies_are_refused(product_factory):
    product_factory(sku="EUR1", currency="EUR")
    product_factory(sku="USD1", currency="USD")

    with pytest.raises(ValidationFailed, match="share a currency"):
        place_order(
            email="b@example.com",
            lines=[LineRequest("EUR1", 1), LineRequest("USD1", 1)],
            idempotency_key="k",
        )
