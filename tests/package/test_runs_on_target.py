"""The unpacked zip, run by the target interpreter the way Lambda runs it, serves the shop."""

from __future__ import annotations

import json
import re

import pytest

from tools.package import smoke

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def responses(target, task_root, runtime, tmp_path_factory):
    work = tmp_path_factory.mktemp("smoke")
    events = [
        {"manage": ["migrate", "--noinput"]},
        {"manage": ["load_demo"]},
        {"manage": ["no_such_command"]},
        smoke.http_event("/api/health"),
        smoke.http_event("/api/products", query="page=1&page_size=3"),
        smoke.http_event("/admin/login/"),
    ]
    config = smoke.function_configuration(target, f"sqlite:///{work / 'shop.sqlite3'}")
    pool = smoke.start(config, task_root, runtime, log_file=work / "function.log")
    try:
        return smoke.invoke_all(pool, events)
    finally:
        pool.close()


def test_manage_events_run_commands(responses):
    migrate, demo, unknown = responses[:3]
    assert migrate["exit_status"] == 0, migrate["output"]
    assert "Applying shop.0001_initial... OK" in migrate["output"]
    assert demo["exit_status"] == 0, demo["output"]
    assert unknown["exit_status"] != 0


def test_health(responses):
    health = responses[3]
    assert health["statusCode"] == 200
    assert health["headers"]["content-type"] == "application/json"
    assert json.loads(health["body"]) == {"status": "ok", "checks": {"database": "ok"}}


def test_products(responses):
    products = responses[4]
    assert products["statusCode"] == 200, products["body"]
    body = json.loads(products["body"])
    assert body["page"] == 1 and body["page_size"] == 3 and body["count"] >= 3
    assert len(body["results"]) == 3
    first = body["results"][0]
    assert set(first) >= {"sku", "name", "price", "currency", "stock", "available", "image_url"}
    # The public host comes from X-Forwarded-Host, not API Gateway's Host.
    assert first["image_url"].startswith(f"https://{smoke.PUBLIC_HOST}/")


def test_admin_uses_the_manifest_inside_the_package(responses):
    login = responses[5]
    assert login["statusCode"] == 200
    assert re.search(r'href="/static/admin/css/base\.[0-9a-f]{12}\.css"', login["body"])
