from django.db import migrations, models


class Migration(migrations.Migration):
    """The code stops reading and writing product.stock; the column itself stays one release.

    Expand and contract: the column stays in the table, with a database default so that code
    which no longer knows it can still insert products, and nothing that selects it breaks.
    From here on it is frozen at the backfilled figure, so the previous release's checkout
    must not run on it: roll code back only after `migrate shop 0002`, whose reverse of 0003
    writes the shards' totals back into it. A later release drops the column.
    """

    dependencies = [("shop", "0003_backfill_stock_shards")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(
                    model_name="product",
                    name="stock",
                    field=models.PositiveIntegerField(default=0, db_default=0),
                ),
            ],
            state_operations=[
                migrations.RemoveConstraint(
                    model_name="product", name="product_stock_not_negative"
                ),
                migrations.RemoveField(model_name="product", name="stock"),
            ],
        ),
    ]
