"""Cache-Control as CloudFront reads it: the catalogue is shared for a while, nothing else is."""

import pytest
from django.utils.cache import get_max_age

from tests.app.test_settings import load_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue_cached(settings):
    settings.SHOP_CATALOGUE_CACHE_SECONDS = 30
    settings.SHOP_CATALOGUE_STALE_SECONDS = 15


def directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.mark.usefixtures("catalogue_cached")
@pytest.mark.parametrize(
    "path", ["/api/products", "/api/products?page=1&page_size=5", "/api/products/MUG"]
)
def test_catalogue_reads_are_shared_for_a_while(client, product_factory, path):
    product_factory(sku="MUG")
    response = client.get(path)
    assert response.status_code == 200
    assert directives(response) == {
        "public",
        "max-age=0",
        "s-maxage=30",
        "stale-while-revalidate=15",
    }
    assert get_max_age(response) == 0  # browsers ask the edge each time


@pytest.mark.usefixtures("catalogue_cached")
def test_catalogue_revalidates_with_an_etag(client, product_factory):
    product_factory(sku="MUG")
    first = client.get("/api/products/MUG")
    again = client.get("/api/products/MUG", headers={"If-None-Match": first["ETag"]})
    assert (again.status_code, again.content) == (304, b"")
    assert directives(again) == directives(first)


@pytest.mark.usefixtures("catalogue_cached")
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/products/NOPE", 404),
        ("get", "/api/products?page=zero", 422),
        ("post", "/api/products", 405),
        ("get", "/api/health", 200),
        ("get", "/api/orders/1", 401),
        ("get", "/api/nowhere", 404),
    ],
)
def test_everything_else_is_private_and_never_stored(client, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert directives(response) == {"private", "no-store"}


def test_no_shared_caching_unless_configured(client, product_factory):
    product_factory(sku="MUG")
    response = client.get("/api/products/MUG")
    assert directives(response) == {"private", "no-store"}


def test_a_negative_cache_time_is_explained():
    result = load_settings({"DJANGO_CATALOGUE_STALE_SECONDS": "-5"})
    assert "DJANGO_CATALOGUE_*_SECONDS must be 0 or more seconds" in result.stderr
