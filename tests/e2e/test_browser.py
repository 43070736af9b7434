"""A real browser buys a product through the storefront, served by the local edge, and sees the
order go from Placed to Confirmed."""

import os
from pathlib import Path

import pytest

from tests.e2e.shop import LocalShop

pytestmark = pytest.mark.slow

# Debian's Chromium (make browser-deps); Playwright never downloads a browser of its own here.
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def test_buying_a_product_in_the_storefront(local_shop: LocalShop, tmp_path: Path):
    from playwright.sync_api import expect, sync_playwright

    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (Debian's chromium)")
    problems: list[str] = []
    with sync_playwright() as playwright:
        # A persistent context is how Playwright takes a fresh --user-data-dir.
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        try:
            page = context.new_page()
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.on(
                "console",
                lambda msg: (
                    problems.append(f"console: {msg.text}") if msg.type == "error" else None
                ),
            )
            page.goto(local_shop.url + "/")
            buyable = page.get_by_test_id("product-card").filter(
                has=page.locator('[data-testid="add-to-cart"]:enabled')
            )
            expect(buyable.first).to_be_visible(timeout=30_000)
            card = buyable.first
            sku = card.get_attribute("data-sku")
            name = card.get_by_test_id("product-name").inner_text()
            before = local_shop.fresh_stock(sku)

            card.get_by_test_id("add-to-cart").click()
            page.get_by_test_id("checkout-email").fill("browser@example.com")
            page.get_by_test_id("place-order").click()

            confirmation = page.get_by_test_id("order-confirmation")
            expect(confirmation).to_be_visible(timeout=30_000)
            expect(page.get_by_test_id("order-email")).to_have_text("browser@example.com")
            line = page.locator(f'[data-testid="order-line"][data-sku="{sku}"]')
            expect(line).to_contain_text(name)
            expect(page.get_by_test_id("form-error")).to_be_hidden()
            # The worker confirms it through the queue; the page follows it (order-view.js).
            state = page.get_by_test_id("order-state")
            expect(state).to_have_attribute("data-status", "confirmed", timeout=90_000)
            expect(state).to_have_text("Confirmed")
        finally:
            context.close()
    assert local_shop.fresh_stock(sku) == before - 1
    # The edge applies the distribution's Content-Security-Policy: the storefront must live with it.
    assert problems == []
