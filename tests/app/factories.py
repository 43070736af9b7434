from decimal import Decimal

import factory

from shop.models import Product


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"SKU-{n:04d}")
    name = factory.Sequence(lambda n: f"Product {n}")
    description = "A fine product."
    price = Decimal("10.00")
    currency = "EUR"
    stock = 10
    is_active = True
