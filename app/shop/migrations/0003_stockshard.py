import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Add the stock shards. Nothing reads them until 0004 has filled them."""

    dependencies = [("shop", "0002_order_pipeline")]

    operations = [
        migrations.CreateModel(
            name="StockShard",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("index", models.PositiveSmallIntegerField()),
                ("quantity", models.PositiveIntegerField(default=0)),
                (
                    "product",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="stock_shards",
                        to="shop.product",
                    ),
                ),
            ],
            options={
                "ordering": ["product_id", "index"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("product", "index"), name="stock_shard_unique_index"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("quantity__gte", 0)),
                        name="stock_shard_quantity_not_negative",
                    ),
                ],
            },
        ),
    ]
