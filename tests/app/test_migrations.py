"""The move of stock into shards, forwards and back, on a database with products in it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("shop", "0002_order_pipeline")]
AFTER = [("shop", "0005_product_stock_in_shards_only")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_stock_moves_into_shards_and_back(settings):
    settings.SHOP_STOCK_SHARDS = 4
    old = migrate(BEFORE)
    Product = old.get_model("shop", "Product")
    Product.objects.create(sku="MUG", name="Mug", price="1.00", stock=10)
    Product.objects.create(sku="PIN", name="Pin", price="1.00", stock=0)
    try:
        new = migrate(AFTER)
        shards = new.get_model("shop", "StockShard").objects.order_by("index")
        assert list(shards.filter(product__sku="MUG").values_list("quantity", flat=True)) == [
            3,
            3,
            2,
            2,
        ]
        assert list(shards.filter(product__sku="PIN").values_list("quantity", flat=True)) == [0] * 4
        new.get_model("shop", "Product").objects.create(sku="CAP", name="Cap", price="2.00")
        # Moved, not copied: the previous release's checkout, still reading this column, finds
        # nothing to sell instead of selling the same units twice.
        with connection.cursor() as cursor:
            cursor.execute("SELECT sku, stock FROM shop_product ORDER BY sku")
            assert cursor.fetchall() == [("CAP", 0), ("MUG", 0), ("PIN", 0)]
            cursor.execute(
                "UPDATE shop_product SET stock = stock - 1 WHERE sku = 'MUG' AND stock >= 1"
            )
            assert cursor.rowcount == 0

        shards.filter(product__sku="MUG", index=0).update(quantity=0)  # three sold
        back = migrate(BEFORE)
        stock = dict(back.get_model("shop", "Product").objects.values_list("sku", "stock"))
        assert stock == {"CAP": 0, "MUG": 7, "PIN": 0}
    finally:
        migrate(AFTER)
