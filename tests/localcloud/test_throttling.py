"""The HTTP API stage's throttling at the edge: a token bucket per route, 429 before functions."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass, field

import pytest
from botocore.exceptions import ClientError

from localcloud.apigateway.http_api import FunctionTarget, HttpApi
from localcloud.apigateway.throttling import Limits, StageThrottle, TokenBucket
from localcloud.awslambda.pool import Invocation
from localcloud.cloudfront.server import serve_in_thread
from tests.localcloud.aws import (
    API_FUNCTION_ARN,
    REGION,
    apigateway_may_invoke,
    client,
    deploy_shop,
    local_edge,
)

ARN = API_FUNCTION_ARN
ALLOW = apigateway_may_invoke()
SIGN_IN = "POST /api/auth/sign-in"
PROXY = "ANY /api/{proxy+}"
# GetStage's answer for the root's stage: every route 200/100, sign-in 3 at once and 2 a second.
STAGE = {
    "StageName": "$default",
    "DefaultRouteSettings": {
        "DetailedMetricsEnabled": False,
        "ThrottlingBurstLimit": 200,
        "ThrottlingRateLimit": 100.0,
    },
    "RouteSettings": {
        SIGN_IN: {
            "DetailedMetricsEnabled": False,
            "ThrottlingBurstLimit": 3,
            "ThrottlingRateLimit": 2.0,
        }
    },
}


class Clock:
    """Time the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class CountingPool:
    """Stands in for the function: counts what ran."""

    paths: list[str] = field(default_factory=list)

    def invoke(self, event: dict) -> Invocation:
        self.paths.append(event["rawPath"])
        body = json.dumps({"error": {"code": "wrong_password"}})
        headers = {"content-type": "application/json"}
        payload = {"statusCode": 401, "headers": headers, "body": body}
        return Invocation(status="ok", payload=payload)


def _api(throttle: StageThrottle) -> tuple[HttpApi, CountingPool]:
    pool = CountingPool()
    target = FunctionTarget(arn=ARN, policy=ALLOW, pool=pool)
    api = HttpApi(
        api_id="abc",
        domain_name="abc.execute-api.example",
        account_id="123456789012",
        region=REGION,
        routes={SIGN_IN: target, PROXY: target},
        throttle=throttle,
    )
    return api, pool


def _post(api: HttpApi, path: str):
    response = api.handle(
        method="POST",
        path=path,
        query="",
        headers=[("host", "abc.execute-api.example"), ("content-type", "application/json")],
        body=b'{"email": "ada@example.com", "password": "wrong"}',
        source_ip="1.2.3.4",
    )
    headers = dict(response.headers)
    return response.status, headers.get("content-type"), json.loads(response.body)


THROTTLED = (429, "application/json", {"message": "Too Many Requests"})
WRONG_PASSWORD = (401, "application/json", {"error": {"code": "wrong_password"}})


def test_a_bucket_takes_its_burst_at_once_then_refills_at_its_rate():
    clock = Clock()
    bucket = TokenBucket(Limits(burst=3, rate=2.0), clock)
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
    clock.now += 0.4  # 0.8 of a token
    assert bucket.take() is False
    clock.now += 0.1  # one token
    assert [bucket.take(), bucket.take()] == [True, False]
    clock.now += 60  # never more than the burst
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]


def test_a_burst_of_zero_refuses_everything():
    bucket = TokenBucket(Limits(burst=0, rate=100.0), Clock())
    assert bucket.take() is False


def test_limits_come_from_the_route_settings_else_the_stage_default():
    throttle = StageThrottle.from_stage(STAGE)
    assert throttle.limits(SIGN_IN) == Limits(burst=3, rate=2.0)
    assert throttle.limits(PROXY) == Limits(burst=200, rate=100.0)
    # A stage that sets no limits leaves only the account's (not emulated).
    assert StageThrottle.from_stage({"StageName": "$default"}).limits(SIGN_IN) is None
    # A route setting without throttling replaces the defaults too.
    only_metrics = {**STAGE, "RouteSettings": {SIGN_IN: {"DetailedMetricsEnabled": True}}}
    assert StageThrottle.from_stage(only_metrics).limits(SIGN_IN) is None


def test_over_its_burst_a_route_answers_429_and_no_function_runs():
    clock = Clock()
    api, pool = _api(StageThrottle.from_stage(STAGE, clock=clock))
    answers = [_post(api, "/api/auth/sign-in") for _ in range(5)]
    assert answers == [WRONG_PASSWORD] * 3 + [THROTTLED] * 2
    assert pool.paths == ["/api/auth/sign-in"] * 3
    # The other routes have buckets of their own, with the stage's default limits.
    assert _post(api, "/api/orders") == WRONG_PASSWORD
    clock.now += 0.5  # one token back at 2 a second
    assert [_post(api, "/api/auth/sign-in") for _ in range(2)] == [WRONG_PASSWORD, THROTTLED]
    assert pool.paths == ["/api/auth/sign-in"] * 3 + ["/api/orders", "/api/auth/sign-in"]


def test_without_stage_limits_nothing_is_throttled():
    api, pool = _api(StageThrottle(clock=Clock()))
    assert [_post(api, "/api/auth/sign-in") for _ in range(50)] == [WRONG_PASSWORD] * 50
    assert len(pool.paths) == 50


@pytest.fixture
def http_api(moto_endpoint):
    gw = client(moto_endpoint, "apigatewayv2")
    api_id = gw.create_api(Name="throttled", ProtocolType="HTTP")["ApiId"]
    for key in (SIGN_IN, PROXY):
        gw.create_route(ApiId=api_id, RouteKey=key)
    yield gw, api_id
    gw.delete_api(ApiId=api_id)


def test_the_emulator_keeps_route_settings_and_changes_them_as_aws_does(http_api):
    gw, api_id = http_api
    with pytest.raises(ClientError, match="Unable to find Route by key POST /x"):
        gw.create_stage(
            ApiId=api_id,
            StageName="$default",
            RouteSettings={"POST /x": {"ThrottlingBurstLimit": 1, "ThrottlingRateLimit": 1.0}},
        )
    gw.create_stage(
        ApiId=api_id,
        StageName="$default",
        DefaultRouteSettings={"ThrottlingBurstLimit": 200, "ThrottlingRateLimit": 100.0},
        RouteSettings={SIGN_IN: {"ThrottlingBurstLimit": 10, "ThrottlingRateLimit": 5.0}},
        StageVariables={"keep": "1", "drop": "1"},
    )
    gw.update_stage(
        ApiId=api_id,
        StageName="$default",
        DefaultRouteSettings={"ThrottlingBurstLimit": 50, "ThrottlingRateLimit": 20.0},
        RouteSettings={PROXY: {"ThrottlingBurstLimit": 7, "ThrottlingRateLimit": 3.0}},
        StageVariables={"drop": ""},
    )
    stage = gw.get_stage(ApiId=api_id, StageName="$default")
    assert (stage["DefaultRouteSettings"], stage["RouteSettings"], stage["StageVariables"]) == (
        {"ThrottlingBurstLimit": 50, "ThrottlingRateLimit": 20.0},
        {
            SIGN_IN: {"ThrottlingBurstLimit": 10, "ThrottlingRateLimit": 5.0},
            PROXY: {"ThrottlingBurstLimit": 7, "ThrottlingRateLimit": 3.0},
        },
        {"keep": "1"},
    )
    with pytest.raises(ClientError, match="Unable to find Route by key GET /nowhere"):
        gw.update_stage(
            ApiId=api_id,
            StageName="$default",
            RouteSettings={"GET /nowhere": {"ThrottlingBurstLimit": 1, "ThrottlingRateLimit": 1.0}},
        )
    gw.delete_route_settings(ApiId=api_id, StageName="$default", RouteKey=PROXY)
    stage = gw.get_stage(ApiId=api_id, StageName="$default")
    assert stage["RouteSettings"] == {
        SIGN_IN: {"ThrottlingBurstLimit": 10, "ThrottlingRateLimit": 5.0}
    }
    with pytest.raises(ClientError, match="NotFoundException"):
        gw.delete_route_settings(ApiId=api_id, StageName="$default", RouteKey=PROXY)
    # What the edge reads back from it.
    assert StageThrottle.from_stage(stage).limits(SIGN_IN) == Limits(burst=10, rate=5.0)


def test_the_edge_throttles_as_the_emulated_stage_says(moto_endpoint, tmp_path):
    shop = deploy_shop(moto_endpoint, "throttle-test", timeout=2)
    # Two requests at once, then one a hundred seconds: the third of three in a row is refused.
    client(moto_endpoint, "apigatewayv2").update_stage(
        ApiId=shop.api_id,
        StageName="$default",
        RouteSettings={PROXY: {"ThrottlingBurstLimit": 2, "ThrottlingRateLimit": 0.01}},
    )
    edge = local_edge(moto_endpoint, shop, tmp_path, workers=1, warm=False)
    (api,) = edge.apis.values()
    assert (api.throttle.limits(PROXY), api.throttle.limits("$default")) == (
        Limits(burst=2, rate=0.01),
        None,
    )
    server, _ = serve_in_thread(edge)
    try:
        answers = []
        for _ in range(3):
            connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1])
            connection.request("POST", "/api/echo", body=b"{}")
            response = connection.getresponse()
            answers.append((response.status, response.read()))
            connection.close()
    finally:
        server.shutdown()
        for pool in api.pools():
            pool.close()
    assert [status for status, _ in answers] == [200, 200, 429]
    assert json.loads(answers[2][1]) == {"message": "Too Many Requests"}
