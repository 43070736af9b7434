"""`make loadtest` on the local shop: a short run, no 5xx, and no unit sold that was not there."""

import json
import urllib.request

import pytest

from tests.e2e.shop import LocalShop

pytestmark = pytest.mark.slow


def stock_by_sku(shop: LocalShop, *, page_size: int) -> dict[str, int]:
    # A page size nobody else asks for: it is part of the catalogue's cache key, so an edge
    # that caches the catalogue answers from the origin, with the stock as it is now.
    url = f"{shop.url}/api/products?page=1&page_size={page_size}"
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - the local edge
        data = json.loads(response.read())
    assert data["num_pages"] == 1, "the check reads the whole catalogue in one page"
    return {product["sku"]: product["stock"] for product in data["results"]}


def test_a_short_load_run_has_no_server_errors_and_oversells_nothing(
    local_shop: LocalShop, tmp_path
):
    before = stock_by_sku(local_shop, page_size=97)

    done = local_shop.make(
        "loadtest", "USERS=10", "SPAWN_RATE=5", "DURATION=20s", f"LOADTEST_DIR={tmp_path}"
    )

    assert (tmp_path / "summary.json").is_file(), done.stdout[-3000:] + done.stderr[-3000:]
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["server_errors"] == 0, summary["failures"]
    assert summary["failures"] == {}
    assert done.returncode == 0, done.stderr[-3000:]
    assert "orders placed:" in done.stdout
    assert (tmp_path / "report.html").is_file()
    endpoints = {row["endpoint"] for row in summary["endpoints"]}
    assert {"GET / (index.html)", "GET /assets/*", "GET /api/products"} <= endpoints

    after = stock_by_sku(local_shop, page_size=98)
    sold = {sku: before[sku] - after[sku] for sku in before}
    assert sold == {sku: summary["units"].get(sku, 0) for sku in before}
    assert min(after.values()) >= 0
