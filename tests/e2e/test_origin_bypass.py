"""Issue 12, finding 1: the API origin, called around the edge, refuses it (403 JSON)."""

from __future__ import annotations

import json

import pytest

from localcloud.environment.deployment import load_edge
from tests.e2e.shop import REPO, LocalShop

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def api_origin(local_shop: LocalShop, tmp_path_factory: pytest.TempPathFactory):
    """The environment's HTTP API as the emulator holds it, with the deployed functions."""
    edge = load_edge(
        endpoint=local_shop.moto_endpoint,
        region=local_shop.deployment["region"],
        distribution_id=local_shop.deployment["distribution_id"],
        zip_path=REPO / "dist" / "lambda.zip",
        code_root=tmp_path_factory.mktemp("code"),
        workers=1,
        warm=False,
    )
    origin = edge.distribution.default_behaviour.target_origin_id
    domain = edge.distribution.origins[origin].domain_name
    headers = dict(edge.distribution.origins[origin].custom_headers)
    yield edge.apis[domain.lower()], domain, headers, local_shop.url.removeprefix("http://")
    for api in edge.apis.values():
        for pool in api.pools():
            pool.close()


def call(api, domain: str, path: str, headers: list[tuple[str, str]]):
    return api.handle(
        method="GET",
        path=path,
        query="",
        headers=[("host", domain), *headers],
        body=b"",
        source_ip="203.0.113.7",
    )


def test_cloudfront_adds_the_origin_secret_header_to_the_api_origin(api_origin):
    _, _, headers, _ = api_origin
    assert list(headers) == ["x-origin-verify"]
    assert len(headers["x-origin-verify"]) == 64


@pytest.mark.parametrize("path", ["/api/products", "/admin/login/"])
def test_a_direct_request_naming_the_shop_host_is_refused(api_origin, path):
    api, domain, headers, shop_host = api_origin
    # What an attacker who found the execute-api URL sends: the shop's host, a guessed header.
    forged = [("x-forwarded-host", shop_host), ("x-forwarded-proto", "https")]
    for extra in ([], [("x-origin-verify", "guess")]):
        response = call(api, domain, path, forged + extra)
        assert response.status == 403, response
        assert json.loads(response.body)["error"]["code"] == "forbidden"
    # The same request with what CloudFront adds gets through, so the refusal is the header's.
    response = call(api, domain, path, forged + list(headers.items()))
    assert response.status == 200, response
