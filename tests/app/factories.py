from decimal import Decimal

import factory

from shop.models import Product
from shop.services import set_stock


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        skip_postgeneration_save = True

    sku = factory.Sequence(lambda n: f"SKU-{n:04d}")
    name = factory.Sequence(lambda n: f"Product {n}")
    description = "A fine product."
    price = Decimal("10.00")
    currency = "EUR"
    is_active = True

    @factory.post_generation
    def stock(obj: Product, create: bool, extracted: int | None, **kwargs) -> None:
        """`stock=n` (10 by default) is spread over the stock shards, as a restock does."""
        if create:
            set_stock(product=obj, quantity=10 if extracted is None else extracted, **kwargs)
