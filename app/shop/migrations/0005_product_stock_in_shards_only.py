from django.db import migrations, models


class Migration(migrations.Migration):
    """The code stops reading product.stock; the column stays, at 0, for one release.

    Expand and contract: no SQL here. The previous release may still serve against this
    schema (a canary, a rollback); 0004 moved its stock into the shards, so its checkout finds
    nothing to sell instead of selling the same units twice. Before rolling code back for
    good, `migrate shop 0003`: the reverse of 0004 writes the shards' totals back. The next
    release drops the column (a contract migration).
    """

    dependencies = [("shop", "0004_backfill_stock_shards")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                # The database keeps the constraint; it goes with the column.
                migrations.RemoveConstraint(
                    model_name="product", name="product_stock_not_negative"
                ),
                migrations.RenameField(
                    model_name="product", old_name="stock", new_name="legacy_stock"
                ),
                migrations.AlterField(
                    model_name="product",
                    name="legacy_stock",
                    field=models.PositiveIntegerField(
                        db_column="stock", default=0, editable=False
                    ),
                ),
            ],
        ),
    ]
