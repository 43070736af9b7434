from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from shop.demo import CATALOGUE, image_svg
from shop.models import Product
from shop.services import set_stock


class Command(BaseCommand):
    help = "Create or refresh the demo catalogue, with images, without touching other products."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-stock",
            action="store_true",
            help="Put demo stock back to its initial level (by default a rerun keeps it).",
        )

    @transaction.atomic
    def handle(self, *args, reset_stock: bool = False, **options):
        created_count = 0
        for demo in CATALOGUE:
            product, created = Product.objects.get_or_create(
                sku=demo.sku,
                defaults={
                    "name": demo.name,
                    "description": demo.description,
                    "price": demo.price,
                },
            )
            if created or reset_stock:
                set_stock(product=product, quantity=demo.stock)
            if not product.image:
                product.image.save(f"{demo.sku.lower()}.svg", ContentFile(image_svg(demo)))
            created_count += created
        self.stdout.write(
            f"Demo catalogue: {created_count} created, {len(CATALOGUE) - created_count} kept."
        )
