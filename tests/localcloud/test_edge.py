"""The local edge against a small deployment in the emulator (built with boto3, not Terraform)."""

import http.client
import json
import sys
import threading
import time
from pathlib import Path

import pytest

from localcloud.apigateway.http_api import FunctionTarget, HttpApi
from localcloud.awslambda.runtime import Runtime
from localcloud.cloudfront.server import serve_in_thread
from localcloud.environment.deployment import CodeNotDeployed, load_edge
from localcloud.iam.policy import ResourcePolicy
from tests.localcloud.aws import REGION, client, deploy_shop, fake_zip, local_edge


@pytest.fixture(scope="module")
def shop(moto_endpoint):
    return deploy_shop(moto_endpoint, "edge-test", timeout=2)


@pytest.fixture(scope="module")
def edge_url(shop, moto_endpoint, tmp_path_factory):
    edge = local_edge(moto_endpoint, shop, tmp_path_factory.mktemp("edge"), workers=2)
    server, _ = serve_in_thread(edge)
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    for api in edge.apis.values():
        for pool in api.pools():
            pool.close()


def fetch(host, method, path, *, body=None, headers=None):
    connection = http.client.HTTPConnection(host, timeout=30)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data


def test_root_is_the_storefront_from_s3_with_its_headers(edge_url):
    status, headers, body = fetch(edge_url, "GET", "/")
    assert (status, body) == (200, b"<h1>shop</h1>")
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "max-age=60"
    # From the response headers policy, and CloudFront's own.
    assert (headers["x-frame-options"], headers["x-content-type-options"]) == ("DENY", "nosniff")
    assert headers["x-cache"] == "Miss from cloudfront"


def test_static_files_come_from_the_assets_bucket(edge_url):
    status, headers, body = fetch(edge_url, "GET", "/static/app.css")
    assert (status, body, headers["content-type"]) == (200, b"body{}", "text/css")
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    status, headers, body = fetch(edge_url, "HEAD", "/static/app.css")
    assert (status, body, headers["content-length"]) == (200, b"", "6")


def test_a_missing_object_is_access_denied_as_with_oac(edge_url):
    status, headers, body = fetch(edge_url, "GET", "/static/missing.css")
    assert (status, headers["content-type"]) == (403, "application/xml")
    assert b"<Code>AccessDenied</Code>" in body


def test_the_api_gets_a_v2_event_with_the_forwarded_host(edge_url):
    status, headers, body = fetch(
        edge_url,
        "POST",
        "/api/echo?tag=a&tag=b",
        body=b'{"x": 1}',
        headers={"Content-Type": "application/json", "Cookie": "a=1; b=2"},
    )
    assert status == 200
    assert headers["set-cookie"] == "seen=1; Path=/"
    data = json.loads(body)
    event = data["event"]
    api_host = f"{event['requestContext']['apiId']}.execute-api.{REGION}.amazonaws.com"
    assert event["headers"]["host"] == api_host
    assert event["headers"]["x-forwarded-host"] == edge_url  # the CloudFront Function ran
    assert event["headers"]["x-forwarded-proto"] == "http"
    assert event["cookies"] == ["a=1", "b=2"]
    assert event["queryStringParameters"] == {"tag": "a,b"}
    assert (event["body"], event["isBase64Encoded"]) == ('{"x": 1}', False)
    assert event["requestContext"]["http"]["method"] == "POST"
    assert event["requestContext"]["stage"] == "$default"
    assert event["routeKey"] == "ANY /api/{proxy+}"
    assert event["pathParameters"] == {"proxy": "echo"}
    assert event["headers"]["content-length"] == "8"
    # CloudFront added the viewer; API Gateway's peer is the edge itself.
    edge_ip = edge_url.split(":")[0]
    assert event["headers"]["x-forwarded-for"] == f"127.0.0.1, {edge_ip}"
    assert event["requestContext"]["http"]["sourceIp"] == edge_ip
    assert data["fake_env"] == "api"  # the environment of the route's own function


def test_the_query_string_reaches_the_function_as_sent(edge_url):
    status, _, body = fetch(edge_url, "GET", "/api/echo?q=a+b&path=%2Fx&empty=")
    event = json.loads(body)["event"]
    assert status == 200
    assert event["rawQueryString"] == "q=a+b&path=%2Fx&empty="
    assert event["queryStringParameters"] == {"q": "a b", "path": "/x", "empty": ""}


def test_paths_without_a_behaviour_go_to_the_default_origin_and_route(edge_url):
    status, _, body = fetch(edge_url, "GET", "/private/secret.txt")
    assert status == 200
    data = json.loads(body)
    assert (data["event"]["rawPath"], data["event"]["routeKey"]) == (
        "/private/secret.txt",
        "$default",
    )
    assert data["fake_env"] == "web"


def test_methods_a_behaviour_does_not_allow_get_cloudfronts_403(edge_url):
    status, headers, body = fetch(edge_url, "POST", "/static/app.css", body=b"x")
    assert (status, headers["x-cache"]) == (403, "Error from cloudfront")
    assert b"not configured to allow the HTTP request method" in body
    assert b"Traceback" not in body


@pytest.mark.parametrize("path", ["/crash", "/raise", "/bad"])
def test_a_failing_handler_is_a_502_and_the_edge_keeps_serving(edge_url, path):
    status, _, body = fetch(edge_url, "GET", path)
    assert (status, json.loads(body)) == (502, {"message": "Internal Server Error"})
    assert fetch(edge_url, "GET", "/api/ok")[0] == 200


def test_the_functions_timeout_is_a_504_and_the_edge_keeps_serving(edge_url):
    started = time.monotonic()
    status, _, body = fetch(edge_url, "GET", "/sleep?s=30")
    assert (status, json.loads(body)) == (504, {"message": "Endpoint request timed out"})
    assert time.monotonic() - started < 10
    assert fetch(edge_url, "GET", "/api/ok")[0] == 200


def test_concurrent_requests_run_in_parallel_workers(edge_url):
    results = []

    def call():
        status, _, body = fetch(edge_url, "GET", "/sleep?s=1")
        results.append((status, json.loads(body)["pid"]))

    fetch(edge_url, "GET", "/api/warm")
    threads = [threading.Thread(target=call) for _ in range(2)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [status for status, _ in results] == [200, 200]
    assert len({pid for _, pid in results}) == 2
    assert time.monotonic() - started < 4  # one cold start at most, not two sleeps in a row


def test_a_zip_that_is_not_deployed_is_refused(shop, moto_endpoint, tmp_path):
    stale = tmp_path / "lambda.zip"
    stale.write_bytes(fake_zip(marker="something else"))
    with pytest.raises(CodeNotDeployed, match="the code was not deployed"):
        load_edge(
            endpoint=moto_endpoint,
            region=REGION,
            distribution_id=shop.distribution_id,
            zip_path=stale,
            code_root=tmp_path / "code",
            runtime_override=Runtime(python=Path(sys.executable), layers=()),
            warm=False,
        )


def test_api_gateway_needs_each_routes_lambda_permission(shop, moto_endpoint):
    lam = client(moto_endpoint, "lambda")
    targets = {}
    for role, name in shop.function_names.items():
        arn = f"arn:aws:lambda:{REGION}:123456789012:function:{name}:live"
        policy = lam.get_policy(FunctionName=name, Qualifier="live")["Policy"]
        targets[role] = FunctionTarget(arn=arn, policy=ResourcePolicy.parse(policy), arns=(arn,))
    api = HttpApi(
        api_id=shop.api_id,
        domain_name="x",
        account_id="123456789012",
        region=REGION,
        routes={"$default": targets["web"], "ANY /api/{proxy+}": targets["api"]},
    )
    assert api.may_invoke("$default", "GET", "/admin/")
    assert api.may_invoke("ANY /api/{proxy+}", "POST", "/api/orders")
    # Each permission names its own route: the web function's does not cover /api/*.
    api.routes["ANY /api/{proxy+}"] = targets["web"]
    assert not api.may_invoke("ANY /api/{proxy+}", "POST", "/api/orders")
    api.api_id = "another"
    assert not api.may_invoke("$default", "GET", "/admin/")


def test_routes_select_exact_then_most_specific_template_then_default():
    target = FunctionTarget(arn="f")
    api = HttpApi(
        api_id="a",
        domain_name="x",
        account_id="1",
        routes={
            key: target
            for key in ("$default", "ANY /api/{proxy+}", "GET /api/orders/{id}", "POST /api/orders")
        },
    )
    assert api.select_route("POST", "/api/orders") == "POST /api/orders"
    assert api.select_route("GET", "/api/orders/7") == "GET /api/orders/{id}"
    assert api.select_route("DELETE", "/api/orders/7") == "ANY /api/{proxy+}"
    assert api.select_route("GET", "/api/a/b/c") == "ANY /api/{proxy+}"
    assert api.select_route("GET", "/api") == "$default"
    assert api.select_route("GET", "/") == "$default"
    assert api.match_route("GET", "/api/orders/7") == ("GET /api/orders/{id}", {"id": "7"})
    assert api.match_route("GET", "/api/products/X") == (
        "ANY /api/{proxy+}",
        {"proxy": "products/X"},
    )
