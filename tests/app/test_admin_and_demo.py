import pytest
from django.core.management import call_command

from shop.demo import CATALOGUE
from shop.models import Product

pytestmark = pytest.mark.django_db


def test_staff_manage_products_and_see_orders(admin_client, product_factory):
    product_factory(sku="MUG", name="Lambda Mug")

    products = admin_client.get("/admin/shop/product/")
    orders = admin_client.get("/admin/shop/order/")
    add_order = admin_client.get("/admin/shop/order/add/")

    assert products.status_code == 200
    assert b"Lambda Mug" in products.content
    assert orders.status_code == 200
    assert add_order.status_code == 403


def test_load_demo_is_idempotent_and_keeps_stock(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    call_command("load_demo")
    Product.objects.filter(sku="MUG-001").update(stock=1)
    call_command("load_demo")

    assert Product.objects.count() == len(CATALOGUE)
    assert Product.objects.get(sku="MUG-001").stock == 1
    images = sorted(p.name for p in (tmp_path / "products").iterdir())
    assert images == sorted(f"{d.sku.lower()}.svg" for d in CATALOGUE)

    call_command("load_demo", "--reset-stock")
    assert Product.objects.get(sku="MUG-001").stock == 25


def test_ensure_admin_creates_once_and_never_overwrites():
    from django.contrib.auth import authenticate
    from django.core.management.base import CommandError

    call_command("ensure_admin", "--username", "boss", "--password", "first-secret-1")
    call_command("ensure_admin", "--username", "boss", "--password", "other-secret-2")

    assert authenticate(username="boss", password="first-secret-1") is not None
    with pytest.raises(CommandError, match="Give --password"):
        call_command("ensure_admin", "--username", "new", "--password", "")
