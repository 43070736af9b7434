import pytest
from django.core.management import call_command

from shop.demo import CATALOGUE
from shop.models import Product, StockShard
from shop.selectors import product_stock
from shop.services import set_stock

pytestmark = pytest.mark.django_db


def stock_of(sku: str) -> int:
    return product_stock(product=Product.objects.get(sku=sku))


def shards_of(sku: str) -> list[int]:
    return list(
        StockShard.objects.filter(product__sku=sku)
        .order_by("index")
        .values_list("quantity", flat=True)
    )


def product_form(**overrides) -> dict:
    return {
        "sku": "TEE",
        "name": "T-shirt",
        "description": "",
        "price": "20.00",
        "currency": "EUR",
        "is_active": "on",
        "stock": "0",
        **overrides,
    }


def test_admin_lists_total_stock_over_shards(admin_client, product_factory):
    product_factory(sku="MUG", name="Lambda Mug", stock=1234)

    page = admin_client.get("/admin/shop/product/?o=5")

    assert page.status_code == 200
    assert b'<td class="field-total_stock">1234</td>' in page.content


def test_admin_adds_product_with_stock_spread_over_shards(admin_client, settings):
    settings.SHOP_STOCK_SHARDS = 4

    response = admin_client.post("/admin/shop/product/add/", product_form(stock="10"))

    assert response.status_code == 302, response.content
    assert shards_of("TEE") == [3, 3, 2, 2]


def test_admin_edits_total_stock_and_restock_respreads_it(admin_client, product_factory):
    product = product_factory(sku="TEE", stock=10)
    url = f"/admin/shop/product/{product.pk}/change/"
    form = admin_client.get(url).content.decode()
    assert 'name="stock" value="10"' in form
    assert 'name="initial-stock" value="10"' in form

    response = admin_client.post(url, product_form(**{"initial-stock": "10"}, stock="25"))

    assert response.status_code == 302, response.content
    assert stock_of("TEE") == 25
    assert max(shards_of("TEE")) - min(shards_of("TEE")) <= 1


def test_admin_stock_edit_applies_to_what_is_left_after_sales_meanwhile(
    admin_client, product_factory
):
    product = product_factory(sku="TEE", stock=10)
    url = f"/admin/shop/product/{product.pk}/change/"
    set_stock(product=product, quantity=7)  # buyers take 3 while the form shows 10

    response = admin_client.post(url, product_form(**{"initial-stock": "10"}, stock="15"))

    assert response.status_code == 302, response.content
    assert stock_of("TEE") == 12


def test_admin_save_without_stock_change_keeps_sales_made_meanwhile(admin_client, product_factory):
    product = product_factory(sku="TEE", stock=10)
    url = f"/admin/shop/product/{product.pk}/change/"
    admin_client.get(url)  # the form shows 10 ...
    set_stock(product=product, quantity=7)  # ... while buyers take 3

    form = product_form(name="Renamed", **{"initial-stock": "10"}, stock="10")
    response = admin_client.post(url, form)

    assert response.status_code == 302, response.content
    assert Product.objects.get(sku="TEE").name == "Renamed"
    assert stock_of("TEE") == 7


def test_admin_refuses_negative_stock(admin_client, product_factory):
    product = product_factory(sku="TEE", stock=10)

    response = admin_client.post(
        f"/admin/shop/product/{product.pk}/change/", product_form(stock="-1")
    )

    assert response.status_code == 200
    assert b"greater than or equal to 0" in response.content
    assert stock_of("TEE") == 10


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
    set_stock(product=Product.objects.get(sku="MUG-001"), quantity=1)
    call_command("load_demo")

    assert Product.objects.count() == len(CATALOGUE)
    assert stock_of("MUG-001") == 1
    images = sorted(p.name for p in (tmp_path / "products").iterdir())
    assert images == sorted(f"{d.sku.lower()}.svg" for d in CATALOGUE)

    call_command("load_demo", "--reset-stock")
    assert stock_of("MUG-001") == 25


def test_ensure_admin_creates_once_and_never_overwrites():
    from django.contrib.auth import authenticate
    from django.core.management.base import CommandError

    call_command("ensure_admin", "--username", "boss", "--password", "first-secret-1")
    call_command("ensure_admin", "--username", "boss", "--password", "other-secret-2")

    assert authenticate(username="boss", password="first-secret-1") is not None
    with pytest.raises(CommandError, match="Give --password"):
        call_command("ensure_admin", "--username", "new", "--password", "")
