"""Stock shards one step at a time: spreading, taking across shards, all or nothing."""

import pytest

from shop.errors import OutOfStock, ValidationFailed
from shop.models import StockShard
from shop.selectors import get_product, product_stock
from shop.services import LineRequest, add_stock, place_order, set_stock
from shop.stock import spread

pytestmark = pytest.mark.django_db


def shards(product) -> list[int]:
    return list(product.stock_shards.order_by("index").values_list("quantity", flat=True))


def test_spread_is_even_and_whole():
    assert spread(10, 8) == [2, 2, 1, 1, 1, 1, 1, 1]
    assert spread(3, 8) == [1, 1, 1, 0, 0, 0, 0, 0]
    assert spread(0, 2) == [0, 0]


def test_restock_spreads_the_total_and_follows_the_shard_count(product_factory, settings):
    settings.SHOP_STOCK_SHARDS = 4
    mug = product_factory(sku="MUG", stock=9)
    assert shards(mug) == [3, 2, 2, 2]

    assert add_stock(product=mug, quantity=-2) == 7
    assert shards(mug) == [2, 2, 2, 1]

    settings.SHOP_STOCK_SHARDS = 2
    set_stock(product=mug, quantity=5)
    assert shards(mug) == [3, 2]
    assert add_stock(product=mug, quantity=-50) == 0
    assert product_stock(product=mug) == 0


def test_negative_stock_and_zero_shards_are_refused(product_factory):
    mug = product_factory(sku="MUG", stock=4)
    with pytest.raises(ValidationFailed, match="negative"):
        set_stock(product=mug, quantity=-1)
    with pytest.raises(ValidationFailed, match="at least one"):
        set_stock(product=mug, quantity=1, shards=0)
    assert product_stock(product=mug) == 4


def test_a_product_without_shards_has_no_stock(product_factory):
    mug = product_factory(sku="MUG", stock=4)
    StockShard.objects.filter(product=mug).delete()

    assert get_product(sku="MUG").stock == 0
    with pytest.raises(OutOfStock):
        place_order(email="b@example.com", lines=[LineRequest("MUG", 1)], idempotency_key="k")


def test_a_line_larger_than_any_shard_takes_across_shards(product_factory, settings):
    settings.SHOP_STOCK_SHARDS = 4
    mug = product_factory(sku="MUG", stock=6)  # 2, 2, 1, 1

    place_order(email="b@example.com", lines=[LineRequest("MUG", 5)], idempotency_key="k1")

    assert sorted(shards(mug)) == [0, 0, 0, 1]
    with pytest.raises(OutOfStock):
        place_order(email="b@example.com", lines=[LineRequest("MUG", 2)], idempotency_key="k2")
    place_order(email="b@example.com", lines=[LineRequest("MUG", 1)], idempotency_key="k3")
    assert shards(mug) == [0, 0, 0, 0]


@pytest.mark.django_db(transaction=True)  # no test-wide transaction around it
def test_stock_is_taken_only_inside_the_order_transaction(product_factory):
    from django.db.transaction import TransactionManagementError

    from shop.services import take_stock

    mug = product_factory(sku="MUG", stock=1)
    with pytest.raises(TransactionManagementError, match="inside the order's transaction"):
        take_stock(products={"MUG": mug}, lines=[LineRequest("MUG", 1)])
