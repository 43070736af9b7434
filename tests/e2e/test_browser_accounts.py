"""A real browser signs up, confirms, buys signed in and finds the order in "My orders"."""

import uuid
from pathlib import Path

import pytest

from tests.e2e.shop import LocalShop
from tests.e2e.test_accounts import PASSWORD, mailed_code
from tests.e2e.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.slow


def test_signing_up_and_buying_in_the_storefront(local_shop: LocalShop, tmp_path: Path):
    from playwright.sync_api import expect, sync_playwright

    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (Debian's chromium)")
    email = f"browser-{uuid.uuid4().hex[:8]}@example.com"
    problems: list[str] = []
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        try:
            page = context.new_page()
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.goto(local_shop.url + "/#/account")
            page.get_by_test_id("show-sign-up").click()
            page.get_by_test_id("sign-up-email").fill(email)
            page.get_by_test_id("sign-up-password").fill("weak")
            page.get_by_test_id("sign-up-submit").click()
            expect(page.get_by_test_id("field-error-sign-up-password")).to_have_text("Too weak.")

            page.get_by_test_id("sign-up-password").fill(PASSWORD)
            page.get_by_test_id("sign-up-submit").click()
            expect(page.get_by_test_id("confirm-form")).to_be_visible(timeout=30_000)
            page.get_by_test_id("confirm-code").fill(mailed_code(local_shop, email))
            page.get_by_test_id("confirm-submit").click()
            expect(page.get_by_test_id("account-email")).to_have_text(email, timeout=30_000)

            page.goto(local_shop.url + "/#/")
            page.reload()
            # The reload kept the session: the refresh cookie restored it, the email fills in.
            expect(page.get_by_test_id("checkout-email")).to_have_value(email, timeout=30_000)
            buyable = page.get_by_test_id("product-card").filter(
                has=page.locator('[data-testid="add-to-cart"]:enabled')
            )
            expect(buyable.first).to_be_visible(timeout=30_000)
            buyable.first.get_by_test_id("add-to-cart").click()
            page.get_by_test_id("place-order").click()
            expect(page.get_by_test_id("order-confirmation")).to_be_visible(timeout=30_000)
            order_id = page.get_by_test_id("order-id").inner_text()

            page.get_by_test_id("account-link").click()
            mine = page.locator(f'[data-testid="my-order"][data-order-id="{order_id}"]')
            expect(mine).to_be_visible(timeout=30_000)
            expect(mine.get_by_test_id("my-order-status")).not_to_be_empty()
            # No token where a script (or anything else on the page) could read it later.
            stored = page.evaluate("() => JSON.stringify({...localStorage, ...sessionStorage})")
            assert "eyJ" not in stored

            page.get_by_test_id("sign-out").click()
            expect(page.get_by_test_id("sign-in-form")).to_be_visible()
            page.reload()
            page.goto(local_shop.url + "/#/account")
            expect(page.get_by_test_id("sign-in-form")).to_be_visible(timeout=30_000)
        finally:
            context.close()
    assert problems == []
