"""Shoppers on the storefront, for Locust: what a browser asks of the shop during a visit.

A visit loads index.html (the assets and their module graph on a shopper's first visit only,
as a browser caches the hashed files), lists the catalogue, opens a few products and their
images, puts items in the cart (the cart lives in the browser; keeping it fresh re-reads the
products in it) and, about one visit in ten, checks out with a fresh Idempotency-Key and
opens the order. Now and then it sends a bad request, which must come back as 4xx JSON.

Anything else counts as a failure, by kind: a 5xx, an unexpected status, a body that is not
the JSON the storefront reads, or no answer. With --summary-json the run's summary
(bench/loadtest/report.py) is saved, for `make loadtest` to print and the suite to check.
"""

from __future__ import annotations

import random
import re
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from locust import HttpUser, between, events, task

from bench.loadtest.report import Tally, write_summary

PAGE_SIZE = 24  # what the storefront asks for (app/storefront/assets/api.js)
CHECKOUT_SHARE = 0.1
BAD_REQUEST_SHARE = 0.05
_REFERENCE = re.compile(r"""(?:href|src)="(/[^"#?]+)\"""")
_IMPORT = re.compile(r"""(?:from|import)\s*['"](\.{1,2}/[^'"]+)['"]""")

tally = Tally()


@events.init_command_line_parser.add_listener
def _arguments(parser) -> None:
    parser.add_argument("--summary-json", default="", help="write the summary here")


@events.test_start.add_listener
def _started(**_kwargs) -> None:
    tally.started = time.time()


@events.test_stop.add_listener
def _stopped(**_kwargs) -> None:
    tally.stopped = time.time()


@events.quitting.add_listener
def _summary(environment, **_kwargs) -> None:
    if environment.parsed_options.summary_json:
        write_summary(environment, tally, Path(environment.parsed_options.summary_json))


class Shopper(HttpUser):
    wait_time = between(1, 4)  # reading the page between clicks

    def on_start(self) -> None:
        self.cached: set[str] = set()  # the browser cache: hashed assets never change
        self.cart: Counter[str] = Counter()

    @task
    def visit(self) -> None:
        index = self._get("/", name="/ (index.html)", json_body=False)
        if index is not None:
            self._load_assets(index.text)
        products = self._products()
        if not products:
            return
        for product in random.sample(products, k=min(len(products), random.randint(1, 3))):
            detail = self._get(f"/api/products/{product['sku']}", name="/api/products/[sku]")
            if detail is not None:
                self._image(detail.json())
                self._add_to_cart(detail.json())
        for sku in list(self.cart):  # the cart view re-reads what it holds
            self._get(f"/api/products/{sku}", name="/api/products/[sku]")
        if self.cart and random.random() < CHECKOUT_SHARE:
            self._checkout()
        if random.random() < BAD_REQUEST_SHARE:
            self._bad_request()

    def _products(self) -> list[dict]:
        listing = self._get(f"/api/products?page=1&page_size={PAGE_SIZE}", name="/api/products")
        if listing is None:
            return []
        results = listing.json().get("results")
        return results if isinstance(results, list) else []

    def _load_assets(self, html: str) -> None:
        pending = [path for path in _REFERENCE.findall(html) if path.startswith("/assets/")]
        while pending:
            path = pending.pop()
            if path in self.cached:
                continue
            response = self._get(path, name="/assets/*", json_body=False)
            self.cached.add(path)
            if response is not None and path.endswith(".js"):
                pending += [urljoin(path, found) for found in _IMPORT.findall(response.text)]

    def _image(self, product: dict) -> None:
        path = urlsplit(str(product.get("image_url", ""))).path
        if path and path not in self.cached:
            name = "/media/*" if path.startswith("/media/") else "/static/*"
            if self._get(path, name=name, json_body=False) is not None:
                self.cached.add(path)

    def _add_to_cart(self, product: dict) -> None:
        room = min(product.get("stock", 0), product.get("max_quantity", 0))
        room -= self.cart[product["sku"]]
        if room > 0 and random.random() < 0.5:
            self.cart[product["sku"]] += random.randint(1, min(room, 2))

    def _checkout(self) -> None:
        lines = [{"sku": sku, "quantity": quantity} for sku, quantity in self.cart.items()]
        body = {"email": f"shopper-{uuid.uuid4().hex[:12]}@example.com", "lines": lines}
        with self.client.post(
            "/api/orders",
            json=body,
            headers={"Idempotency-Key": str(uuid.uuid4())},
            name="/api/orders",
            catch_response=True,
        ) as response:
            order = _check(response, expected={201, 409})
        if order is None:
            return
        if response.status_code == 409:
            tally.sold_out += 1  # someone else took the stock first: the cart is refreshed
        else:
            tally.record_order(lines)
            self._get(
                f"/api/orders/{order['id']}",
                name="/api/orders/[id]",
                headers={"X-Order-Token": order["token"]},
            )
        self.cart.clear()

    def _bad_request(self) -> None:
        kind, method, path, kwargs = random.choice(BAD_REQUESTS)
        with self.client.request(
            method, path, name=f"bad: {kind}", catch_response=True, **kwargs
        ) as response:
            body = _check(response, expected=set(range(400, 500)))
        if body is not None and not isinstance(body.get("error", {}).get("code"), str):
            response.failure("4xx without an error code")
        tally.bad_requests += 1

    def _get(self, path: str, *, name: str, json_body: bool = True, headers=None):
        with self.client.get(path, name=name, headers=headers, catch_response=True) as response:
            body = _check(response, expected={200}, json_body=json_body)
        return response if body is not None else None


BAD_REQUESTS = [
    ("malformed JSON", "POST", "/api/orders", {
        "data": b"{not json", "headers": {"Content-Type": "application/json",
                                          "Idempotency-Key": "load-malformed"},
    }),
    ("no Idempotency-Key", "POST", "/api/orders", {
        "json": {"email": "a@example.com", "lines": [{"sku": "X", "quantity": 1}]},
    }),
    ("unknown product", "GET", "/api/products/NO-SUCH-SKU", {}),
    ("page out of range", "GET", "/api/products?page=100000", {}),
    ("bad page size", "GET", "/api/products?page_size=lots", {}),
    # Not DELETE on the catalogue: CloudFront itself refuses methods a cached behaviour does
    # not allow (403, HTML); the orders behaviour passes every method to the app.
    ("wrong method", "PUT", "/api/orders", {"json": {}}),
]  # fmt: skip


def _check(response, *, expected: set[int], json_body: bool = True):
    """Mark the response as a failure of its kind; the parsed body (or True) when it passed."""
    status = response.status_code
    if status == 0:
        response.failure(f"no answer: {type(response.error).__name__}")
        return None
    if status >= 500:
        tally.server_errors[status] += 1
        response.failure(f"5xx: HTTP {status}")
        return None
    if status not in expected:
        response.failure(f"unexpected HTTP {status}")
        return None
    if not json_body:
        response.success()
        return True
    try:
        body = response.json()
    except ValueError:
        response.failure(f"not JSON: HTTP {status} {response.headers.get('Content-Type')}")
        return None
    if not isinstance(body, dict):
        response.failure("JSON that is not an object")
        return None
    response.success()
    return body
