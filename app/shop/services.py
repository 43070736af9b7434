"""Business rules that write. Every function is keyword-only and atomic."""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction

from shop.errors import IdempotencyConflict, ValidationFailed
from shop.models import Order, OrderLine, Product
from shop.pipeline.services import record_order_placed
from shop.stock import add_stock, set_stock, take_stock

__all__ = ["LineRequest", "PlacedOrder", "add_stock", "place_order", "set_stock", "take_stock"]


@dataclass(frozen=True)
class LineRequest:
    sku: str
    quantity: int


@dataclass(frozen=True)
class PlacedOrder:
    order: Order
    created: bool


def request_fingerprint(
    *, email: str, lines: Sequence[LineRequest], customer_sub: str | None = None
) -> str:
    request: dict = {"email": email, "lines": sorted((line.sku, line.quantity) for line in lines)}
    # Only when signed in: a guest's fingerprint is what the release before accounts computed.
    if customer_sub:
        request["customer_sub"] = customer_sub
    canonical = json.dumps(request, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@transaction.atomic
def place_order(
    *,
    email: str,
    lines: Sequence[LineRequest],
    idempotency_key: str,
    customer_sub: str | None = None,
) -> PlacedOrder:
    """Place an order, taking stock for every line or for none; `customer_sub` links an account.

    Stock is taken last, just before commit, from the product's stock shards (shop.stock):
    a stock lock is held for one round trip, and a line that cannot be filled rolls back the
    whole order, lines and stock alike.
    """
    fingerprint = request_fingerprint(email=email, lines=lines, customer_sub=customer_sub)
    replay = _replay(idempotency_key=idempotency_key, fingerprint=fingerprint)
    if replay is not None:
        return PlacedOrder(order=replay, created=False)

    products = _products_for(lines)
    currencies = {product.currency for product in products.values()}
    if len(currencies) > 1:
        raise ValidationFailed(
            "All products in one order must share a currency.",
            fields={"lines": f"mixed currencies: {', '.join(sorted(currencies))}"},
        )

    total = sum((products[line.sku].price * line.quantity for line in lines), start=Decimal("0.00"))
    try:
        # The savepoint makes a concurrent retry with the same key wait on the unique index
        # and then replay the winner's order, before it has touched any stock.
        with transaction.atomic():
            order = Order.objects.create(
                email=email,
                currency=currencies.pop(),
                total=total,
                idempotency_key=idempotency_key,
                request_fingerprint=fingerprint,
                customer_sub=customer_sub,
            )
    except IntegrityError:
        replay = _replay(idempotency_key=idempotency_key, fingerprint=fingerprint)
        if replay is None:
            raise
        return PlacedOrder(order=replay, created=False)

    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product=products[line.sku],
            sku=line.sku,
            name=products[line.sku].name,
            unit_price=products[line.sku].price,
            quantity=line.quantity,
        )
        for line in lines
    )
    # In this transaction: a committed order always has its event (the outbox).
    record_order_placed(order=order)
    take_stock(products=products, lines=lines)
    return PlacedOrder(order=order, created=True)


def _replay(*, idempotency_key: str, fingerprint: str) -> Order | None:
    existing = Order.objects.filter(idempotency_key=idempotency_key).first()
    if existing is None:
        return None
    if existing.request_fingerprint != fingerprint:
        raise IdempotencyConflict(
            "This Idempotency-Key was already used for a different order.",
            fields={"Idempotency-Key": "already used with a different request"},
        )
    return existing


def _products_for(lines: Sequence[LineRequest]) -> dict[str, Product]:
    skus = [line.sku for line in lines]
    products = {p.sku: p for p in Product.objects.filter(sku__in=skus, is_active=True)}
    unknown = {
        f"lines[{index}].sku": "unknown or inactive product"
        for index, sku in enumerate(skus)
        if sku not in products
    }
    if unknown:
        raise ValidationFailed("Some products are unknown or not for sale.", fields=unknown)
    return products
