"""Schemathesis against the running local cloud: every operation of /api/openapi.json, with
valid (positive) and invalid (negative) requests, through the local edge as CloudFront serves it.

No answer is a 5xx, every error is the JSON error envelope the document gives (Schemathesis'
conformance checks: status code, content type, schema), and rejected requests change no stock:
the catalogue's stock afterwards is what it was, less the orders the API accepted. Bounded by
MAX_EXAMPLES per operation and mode; the number of requests is printed.
"""

from __future__ import annotations

import json
import time
import urllib.request
import uuid

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.e2e.shop import THROTTLED, LocalShop

pytestmark = pytest.mark.slow

MAX_EXAMPLES = 8
# API Gateway's own answer on a throttled route (the auth endpoints, terraform/'s auth_throttling):
# about the rate of requests, not the operation's contract.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def _catalogue(shop: LocalShop) -> dict[str, int]:
    """Every product's stock as the database has it: past the edge's cache (invalidated)."""
    cloudfront = shop.client("cloudfront")
    cloudfront.create_invalidation(
        DistributionId=shop.deployment["distribution_id"],
        InvalidationBatch={
            "Paths": {"Quantity": 1, "Items": ["/api/products*"]},
            "CallerReference": uuid.uuid4().hex,
        },
    )
    url = f"{shop.url}/api/products?page_size=100"
    deadline = time.monotonic() + 30
    while True:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the local edge
            body, state = json.loads(response.read()), response.headers.get("x-cache", "")
        if state.startswith("Miss") or time.monotonic() > deadline:
            assert state.startswith("Miss"), "the edge kept serving the catalogue from its cache"
            assert body["num_pages"] == 1, "more products than one page"
            return {p["sku"]: p["stock"] for p in body["results"]}
        time.sleep(0.25)


def _call(case, session: requests.Session, throttled: list[str]):
    """Sends the case; a throttled request is sent again once the route's bucket has a token,
    as AWS advises a client ("resubmit the failed requests in a way that is rate limiting")."""
    for _ in range(60):
        response = case.call(session=session)
        try:
            answer = (response.status_code, response.json())
        except ValueError:
            return response
        if answer != THROTTLED:
            return response
        throttled.append(case.operation.label)
        time.sleep(1)
    return response


def test_every_operation_holds_to_the_contract(local_shop: LocalShop):
    with urllib.request.urlopen(f"{local_shop.url}/api/openapi.json", timeout=30) as response:  # noqa: S310
        document = json.loads(response.read())
    schema = schemathesis.openapi.from_dict(document)
    schema.config.update(base_url=local_shop.url)
    before = _catalogue(local_shop)
    session = requests.Session()
    sent: list[int] = []
    throttled: list[str] = []
    ordered: dict[str, int] = {}

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == sum(len(ops) for ops in document["paths"].values())
    for operation in operations:
        spec = operation.definition.raw
        # Without parameters or a body there is nothing to make invalid (but the method).
        invalid = "parameters" in spec or "requestBody" in spec
        modes = [GenerationMode.POSITIVE, *([GenerationMode.NEGATIVE] if invalid else [])]
        for mode in modes:

            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case) -> None:
                response = _call(case, session, throttled)
                case.validate_response(
                    response, checks=CHECKS, transport_kwargs={"session": session}
                )
                sent.append(response.status_code)
                if case.method.upper() == "POST" and response.status_code == 201:
                    for line in response.json()["lines"]:
                        ordered[line["sku"]] = ordered.get(line["sku"], 0) + line["quantity"]

            try:
                run()
            except Unsatisfiable:
                # Every value of its parameters is valid (a path's free string): nothing negative.
                assert mode is GenerationMode.NEGATIVE, operation.label

    after = _catalogue(local_shop)
    assert after == {sku: stock - ordered.get(sku, 0) for sku, stock in before.items()}
    statuses = {s: sent.count(s) for s in sorted(set(sent))}
    print(
        f"schemathesis: {len(sent)} requests, {len(operations)} operations, statuses {statuses},"
        f" {len(throttled)} sent again after API Gateway's 429"
    )
    assert max(sent) < 500
