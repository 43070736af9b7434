"""`make up`, the shop through the local edge, `make down`, and nothing left in the emulator."""

import json
import re
import urllib.error
import urllib.request
import uuid

import pytest

from localcloud.environment.inventory import leftovers
from tests.e2e.shop import LocalShop, run_make

pytestmark = pytest.mark.slow


def call(shop: LocalShop, path: str, *, method="GET", body=None, headers=None):
    headers = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["content-type"] = "application/json"
    request = urllib.request.Request(shop.url + path, method=method, data=data, headers=headers)  # noqa: S310 - the local edge
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - the local edge
            return response.status, _lower(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, _lower(exc.headers), exc.read()


def _lower(headers) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def test_the_whole_cycle_through_the_local_edge(local_shop: LocalShop):
    shop = local_shop

    # What a newcomer sees at the end of `make up`.
    assert f"Shop:  {shop.url}/\n" in shop.up_output
    assert f"Admin: {shop.url}/admin/  (admin / admin-lambda-shop)\n" in shop.up_output

    # The storefront, from its bucket, at the root.
    status, headers, body = call(shop, "/")
    assert (status, headers["content-type"]) == (200, "text/html; charset=utf-8")
    assert b'data-testid="product-grid"' in body

    # The products API, from the function.
    status, headers, body = call(shop, "/api/products?page_size=50")
    assert (status, headers["content-type"]) == (200, "application/json")
    products = json.loads(body)["results"]
    assert products, "load_demo put no products in the shop"
    product = next(p for p in products if p["available"] and p["stock"] >= 2)
    assert product["image_url"].startswith(shop.url + "/media/")
    status, headers, _ = call(shop, product["image_url"].removeprefix(shop.url))
    assert (status, headers["content-type"]) == (200, "image/svg+xml")

    # A static asset under /static/, named by the manifest inside the package.
    status, _, body = call(shop, "/admin/login/")
    assert status == 200
    css = re.search(rb'href="(/static/[^"]+\.css)"', body)
    assert css, "the admin login page links no stylesheet under /static/"
    status, headers, body = call(shop, css[1].decode())
    assert (status, headers["content-type"]) == (200, "text/css; charset=utf-8")
    assert "immutable" in headers["cache-control"]

    # An order takes stock; its replay does not.
    before = shop.fresh_stock(product["sku"])
    order = {"email": "e2e@example.com", "lines": [{"sku": product["sku"], "quantity": 2}]}
    key = {"Idempotency-Key": str(uuid.uuid4())}
    status, _, body = call(shop, "/api/orders", method="POST", body=order, headers=key)
    assert status == 201, body
    placed = json.loads(body)
    assert placed["lines"][0]["quantity"] == 2
    status, _, body = call(shop, "/api/orders", method="POST", body=order, headers=key)
    assert (status in {200, 201}, json.loads(body)["id"]) == (True, placed["id"])
    assert shop.fresh_stock(product["sku"]) == before - 2

    # Bad input is a 4xx JSON error, never a 500.
    bad = {"email": "not-an-email", "lines": [{"sku": product["sku"], "quantity": 0}]}
    status, headers, body = call(
        shop, "/api/orders", method="POST", body=bad, headers={"Idempotency-Key": "bad-1"}
    )
    assert 400 <= status < 500
    assert headers["content-type"] == "application/json"
    assert json.loads(body)["error"]["fields"]

    # A second `make up` keeps the data (how long it takes is a benchmark figure, not a test).
    run_make(shop, "up")
    assert shop.fresh_stock(product["sku"]) == before - 2

    # `make down` leaves nothing of the environment in the emulator.
    run_make(shop, "down")
    shop.is_up = False
    found = leftovers(shop.moto_endpoint, shop.deployment["region"], shop.deployment["name_prefix"])
    assert found == {kind: [] for kind in found}
    assert set(found) >= {
        "lambda functions",
        "buckets",
        "distributions",
        "http apis",
        "secrets",
        "iam roles",
    }
    with pytest.raises(OSError):
        urllib.request.urlopen(shop.url + "/", timeout=5)  # noqa: S310 - the edge is gone
