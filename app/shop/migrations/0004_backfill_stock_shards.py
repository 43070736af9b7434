from collections import defaultdict

from django.conf import settings
from django.db import migrations


def _spread(total: int, shards: int) -> list[int]:
    # A frozen copy of shop.stock.spread: a migration must not change when the app does.
    share, extra = divmod(total, shards)
    return [share + (index < extra) for index in range(shards)]


def shards_from_product_stock(apps, schema_editor):
    """Move, not copy: the previous release, if it still serves, must not sell these again."""
    Product = apps.get_model("shop", "Product")
    StockShard = apps.get_model("shop", "StockShard")
    shards = settings.SHOP_STOCK_SHARDS
    stock = list(Product.objects.select_for_update().values_list("pk", "stock"))
    StockShard.objects.bulk_create(
        StockShard(product_id=product_id, index=index, quantity=quantity)
        for product_id, total in stock
        for index, quantity in enumerate(_spread(total, shards))
    )
    Product.objects.update(stock=0)


def product_stock_from_shards(apps, schema_editor):
    """Going back: the single-row stock the previous code reads gets the shards' total."""
    Product = apps.get_model("shop", "Product")
    StockShard = apps.get_model("shop", "StockShard")
    totals: dict[int, int] = defaultdict(int)
    # Locked, so no checkout still running on the shards changes them behind this sum.
    for product_id, quantity in StockShard.objects.select_for_update().values_list(
        "product_id", "quantity"
    ):
        totals[product_id] += quantity
    for product in Product.objects.select_for_update():
        product.stock = totals.get(product.pk, 0)
        product.save(update_fields=["stock"])
    StockShard.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_stockshard")]

    operations = [migrations.RunPython(shards_from_product_stock, product_stock_from_shards)]
