import pytest

from shop.errors import NotFound
from shop.selectors import get_order, get_product, list_products
from shop.services import LineRequest, place_order

pytestmark = pytest.mark.django_db


def test_list_products_pages_active_products_by_name(product_factory):
    for name in ["Cherry", "Apple", "Banana"]:
        product_factory(name=name)
    product_factory(name="Aardvark", is_active=False)

    first = list_products(page=1, page_size=2)
    second = list_products(page=2, page_size=2)

    assert [p.name for p in first.page.object_list] == ["Apple", "Banana"]
    assert [p.name for p in second.page.object_list] == ["Cherry"]
    assert first.page.paginator.count == 3


def test_list_products_past_last_page_is_not_found(product_factory):
    product_factory()
    with pytest.raises(NotFound, match="Page 3 does not exist"):
        list_products(page=3, page_size=10)


def test_empty_catalogue_has_one_empty_page(db):
    assert list(list_products(page=1, page_size=10).page.object_list) == []


def test_get_product_hides_inactive(product_factory):
    product_factory(sku="LIVE")
    product_factory(sku="GONE", is_active=False)

    assert get_product(sku="LIVE").sku == "LIVE"
    with pytest.raises(NotFound):
        get_product(sku="GONE")


def test_get_order_needs_the_right_token(product_factory):
    product_factory(sku="MUG")
    order = place_order(
        email="b@example.com", lines=[LineRequest("MUG", 1)], idempotency_key="k"
    ).order

    assert get_order(order_id=order.pk, token=order.token).pk == order.pk
    with pytest.raises(NotFound):
        get_order(order_id=order.pk, token="wrong")
    with pytest.raises(NotFound):
        get_order(order_id=order.pk + 1, token=order.token)
