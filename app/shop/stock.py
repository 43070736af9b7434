"""Stock in shards: taking it at checkout, and setting it from the admin or a restock.

A product's stock is split over several StockShard rows. A buyer locks one shard that has
enough for its line, skipping shards other buyers hold (SKIP LOCKED), so buyers of one hot
product are not queued on one row lock. Only when no single shard can fill a line (the last
units, spread thin) does a buyer lock every shard of the product and take across them.
"""

from collections.abc import Callable, Sequence
from typing import Protocol

from django.conf import settings
from django.db import connection, transaction

from shop.errors import OutOfStock, ValidationFailed
from shop.models import Product, StockShard


class StockLine(Protocol):
    sku: str
    quantity: int


def spread(total: int, shards: int) -> list[int]:
    """`total` over `shards` as evenly as whole units go, larger shards first."""
    share, extra = divmod(total, shards)
    return [share + (index < extra) for index in range(shards)]


def take_stock(*, products: dict[str, Product], lines: Sequence[StockLine]) -> None:
    """Take every line's quantity, or raise OutOfStock (the caller's transaction rolls back).

    Meant to be the last step before commit: a shard stays locked from here to the commit.
    """
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError(
            "take_stock runs inside the order's transaction."
        )
    # A fixed order (by product) keeps two multi-line orders from deadlocking: within one
    # product a buyer either holds one shard and is done, or waits for all in index order.
    for index, line in sorted(enumerate(lines), key=lambda item: products[item[1].sku].pk):
        if not _take(product_id=products[line.sku].pk, quantity=line.quantity):
            raise OutOfStock(
                f"Not enough stock for {line.sku}.",
                fields={f"lines[{index}].quantity": "not enough stock"},
            )


def _take(*, product_id: int, quantity: int) -> bool:
    # PostgreSQL keeps the lock on a row it locked and then found too small (another buyer
    # took from it first). Such locks, held while waiting for other shards of the product,
    # could deadlock two buyers, so each waiting step starts from a clean savepoint.
    # 1. A random shard nobody holds, locked and taken in one statement.
    if _take_from_one_shard(product_id=product_id, quantity=quantity, skip_locked=True):
        return True  # the savepoint stays open: its release would cost a round trip
    transaction.savepoint_rollback(_SAVEPOINT)
    # 2. Every shard with enough is busy: queue behind one (random, so the queues stay even).
    if _take_from_one_shard(product_id=product_id, quantity=quantity, skip_locked=False):
        return True
    transaction.savepoint_rollback(_SAVEPOINT)
    # 3. No single shard has enough: the last units, spread thin.
    return _take_across_shards(product_id=product_id, quantity=quantity)


# One name for every line: ROLLBACK TO goes back to the latest savepoint of that name, the
# current line's, and leaves the lines already filled alone.
_SAVEPOINT = "shop_stock"


def _take_from_one_shard(*, product_id: int, quantity: int, skip_locked: bool) -> bool:
    """Set the savepoint, then in one statement pick a random shard with enough, lock it and
    take from it.

    Written in SQL because this is the hottest statement of the shop: the ORM spent three
    times the CPU of the rest of the stock step compiling it, and on PostgreSQL the savepoint
    travels in the same round trip. The pick is a scalar subquery, so PostgreSQL runs it once
    (an InitPlan) and locks one row. Without SKIP LOCKED only that one row is waited for, and
    `quantity >= n` is checked again once it is ours.
    """
    lock = ""
    if skip_locked and connection.features.has_select_for_update_skip_locked:
        lock = connection.ops.for_update_sql(skip_locked=True)
    table = connection.ops.quote_name(StockShard._meta.db_table)
    # Only identifiers from the model and the backend are formatted in; values are parameters.
    take = (
        f"UPDATE {table} SET quantity = quantity - %s WHERE quantity >= %s AND id = ("  # noqa: S608
        f"SELECT id FROM {table} WHERE product_id = %s AND quantity >= %s "
        f"ORDER BY RANDOM() LIMIT 1 {lock})"
    )
    savepoint = connection.ops.savepoint_create_sql(_SAVEPOINT)
    params = [quantity, quantity, product_id, quantity]
    with connection.cursor() as cursor:
        if _binds_client_side():
            # Client-side binding (Django's default with psycopg) lets two statements share
            # one round trip.
            cursor.execute(f"{savepoint}; {take}", params)
            cursor.nextset()
        else:
            cursor.execute(savepoint)
            cursor.execute(take, params)
        return cursor.rowcount == 1


def _binds_client_side() -> bool:
    options = connection.settings_dict.get("OPTIONS", {})
    return connection.vendor == "postgresql" and not options.get("server_side_binding")


def _take_across_shards(*, product_id: int, quantity: int) -> bool:
    shards = list(
        StockShard.objects.select_for_update().filter(product_id=product_id).order_by("index")
    )
    if sum(shard.quantity for shard in shards) < quantity:
        return False
    remaining = quantity
    for shard in sorted(shards, key=lambda shard: -shard.quantity):
        taken = min(shard.quantity, remaining)
        shard.quantity -= taken
        remaining -= taken
    StockShard.objects.bulk_update(shards, ["quantity"])
    return True


@transaction.atomic
def set_stock(*, product: Product, quantity: int, shards: int | None = None) -> int:
    """Make `quantity` the product's total stock, spread evenly over `shards` rows."""
    if quantity < 0:
        raise ValidationFailed("Stock cannot be negative.", fields={"stock": "must be 0 or more"})
    return _restock(product=product, total=lambda current: quantity, shards=shards)


@transaction.atomic
def add_stock(*, product: Product, quantity: int) -> int:
    """Add `quantity` units (remove, for a negative one, down to 0) to what is left now.

    For edits made against a figure read earlier: the units sold since are not put back.
    """
    return _restock(product=product, total=lambda current: max(0, current + quantity))


def _restock(*, product: Product, total: Callable[[int], int], shards: int | None = None) -> int:
    """Respread the product's stock over its shards; `total` maps the current total to the new.

    Waits for buyers holding a shard, so no sale in flight is lost or counted twice.
    """
    count = settings.SHOP_STOCK_SHARDS if shards is None else shards
    if count < 1:
        raise ValidationFailed("A product needs at least one stock shard.")
    # The product row serialises two restocks of a product that has no shards yet. NO KEY
    # UPDATE does not block checkouts, whose order lines only take a key-share lock on it.
    Product.objects.select_for_update(no_key=True).values_list("pk", flat=True).get(pk=product.pk)
    # In index order, as a checkout that takes across shards locks them.
    locked = StockShard.objects.select_for_update().filter(product=product).order_by("index")
    existing = {shard.index: shard for shard in locked}
    new_total = total(sum(shard.quantity for shard in existing.values()))
    for index, amount in enumerate(spread(new_total, count)):
        shard = existing.pop(index, None) or StockShard(product=product, index=index)
        if shard.pk is None or shard.quantity != amount:
            shard.quantity = amount
            shard.save()
    StockShard.objects.filter(pk__in=[shard.pk for shard in existing.values()]).delete()
    return new_total
