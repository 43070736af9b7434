"""Reads. Views and services go through these rather than building querysets."""

import secrets
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet

from shop.errors import NotFound
from shop.models import Order, OrderLine, Product


@dataclass(frozen=True)
class ProductPage:
    page: Page
    page_size: int


def active_products() -> QuerySet[Product]:
    """Products for sale, each with `stock`: the total over its stock shards."""
    return Product.objects.with_stock().filter(is_active=True).order_by("name", "sku")


def product_stock(*, product: Product) -> int:
    return Product.objects.with_stock().values_list("stock", flat=True).get(pk=product.pk)


def list_products(*, page: int, page_size: int) -> ProductPage:
    paginator = Paginator(active_products(), page_size)
    if page > max(paginator.num_pages, 1):
        raise NotFound(f"Page {page} does not exist; there are {paginator.num_pages} pages.")
    return ProductPage(page=paginator.page(page), page_size=page_size)


def get_product(*, sku: str) -> Product:
    product = active_products().filter(sku=sku).first()
    if product is None:
        raise NotFound(f"No product with sku {sku!r}.")
    return product


def get_order(*, order_id: int, token: str) -> Order:
    """The order, only for the holder of its token; a wrong token looks like a missing order."""
    order = (
        Order.objects.prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("id")))
        .filter(pk=order_id)
        .first()
    )
    if order is None or not secrets.compare_digest(order.token, token):
        raise NotFound(f"No order {order_id} for this token.")
    return order


def customer_orders(*, customer_sub: str, limit: int = 50) -> list[Order]:
    """A signed-in shopper's newest orders, with their lines; nobody else's, no guest's."""
    return list(
        Order.objects.filter(customer_sub=customer_sub)
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("id")))
        .order_by("-created_at", "-pk")[:limit]
    )
