"""Customer accounts through the local edge: the emulator's Cognito, the edge's JWT authorizer.

One shopper signs up, confirms with the code `make local-code` prints, signs in, orders and sees
the order in "My orders"; the access token expires and the refresh cookie gets a new one; after
sign-out the cookie refreshes no more; repeated wrong passwords lock the account; and password
guessing across many accounts is throttled by API Gateway after the sign-in route's burst, before
any function runs.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie

import boto3
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.e2e.shop import THROTTLED, LocalShop

pytestmark = pytest.mark.slow

PASSWORD = "Correct-horse-9"
UNAUTHORIZED = {"message": "Unauthorized"}  # API Gateway's own 401 body, not the shop's envelope
SIGN_IN = "POST /api/auth/sign-in"
WRONG_PASSWORD = {
    "error": {
        "code": "not_signed_in",
        "message": "Wrong email address or password.",
        "fields": {"password": "wrong email or password"},
    }
}


class Shopper:
    """A client of the edge that keeps the cookies it is sent, as a browser would for this site."""

    def __init__(self, shop: LocalShop) -> None:
        self.shop = shop
        self.cookies: dict[str, SimpleCookie] = {}

    def call(self, method: str, path: str, body=None, *, token: str | None = None, headers=None):
        headers = dict(headers or {})
        if token:
            headers["authorization"] = f"Bearer {token}"
        # Cookies scoped to the path, the way a browser picks them.
        sent = [
            f"{name}={morsel[name].value}"
            for name, morsel in self.cookies.items()
            if path.startswith(morsel[name]["path"] or "/")
        ]
        if sent:
            headers["cookie"] = "; ".join(sent)
        data = None
        if body is not None:
            data, headers["content-type"] = json.dumps(body).encode(), "application/json"
        request = urllib.request.Request(  # noqa: S310 - the local edge
            self.shop.url + path, method=method, data=data, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - the local edge
                status, reply, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as exc:
            status, reply, raw = exc.code, exc.headers, exc.read()
        for header in reply.get_all("set-cookie") or []:
            cookie = SimpleCookie(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = cookie
        return status, reply, json.loads(raw) if raw else None


@pytest.fixture(scope="module")
def user_pool(local_shop: LocalShop) -> dict:
    """The pool and client the deployed function is configured with (its environment)."""
    region = local_shop.deployment["region"]
    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name=region
    )
    function = session.client("lambda", endpoint_url=local_shop.moto_endpoint)
    variables = function.get_function_configuration(
        FunctionName=local_shop.deployment["function_name"]
    )["Environment"]["Variables"]
    return {
        "idp": session.client("cognito-idp", endpoint_url=local_shop.moto_endpoint),
        "pool_id": variables["SHOP_COGNITO_USER_POOL_ID"],
        "client_id": variables["SHOP_COGNITO_CLIENT_ID"],
    }


def mailed_code(shop: LocalShop, email: str) -> str:
    done = shop.make("local-code", f"EMAIL={email}", timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def signed_up(shop: LocalShop, shopper: Shopper) -> str:
    email = f"shopper-{uuid.uuid4().hex[:8]}@example.com"
    status, _, body = shopper.call(
        "POST", "/api/auth/sign-up", {"email": email, "password": PASSWORD}
    )
    assert status == 201, body
    code = mailed_code(shop, email)
    status, _, body = shopper.call("POST", "/api/auth/confirm", {"email": email, "code": code})
    assert status == 200, body
    return email


def sign_in(shopper: Shopper, email: str, password: str = PASSWORD):
    return shopper.call("POST", "/api/auth/sign-in", {"email": email, "password": password})


def buyable_sku(shopper: Shopper) -> str:
    status, _, page = shopper.call("GET", "/api/products?page_size=100")
    assert status == 200
    return next(p["sku"] for p in page["results"] if p["available"])


@pytest.fixture
def short_lived_tokens(user_pool):
    """Access tokens of the storefront client last 3 seconds for what the test signs in now."""
    idp, pool_id, client_id = user_pool["idp"], user_pool["pool_id"], user_pool["client_id"]
    before = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    units = before["UserPoolClient"]["TokenValidityUnits"]

    def shorten() -> None:
        idp.update_user_pool_client(
            UserPoolId=pool_id,
            ClientId=client_id,
            AccessTokenValidity=3,
            TokenValidityUnits={**units, "AccessToken": "seconds"},
        )

    def restore() -> None:
        idp.update_user_pool_client(
            UserPoolId=pool_id,
            ClientId=client_id,
            AccessTokenValidity=before["UserPoolClient"]["AccessTokenValidity"],
            TokenValidityUnits=units,
        )

    yield shorten, restore
    restore()


def test_sign_up_order_my_orders_refresh_and_sign_out(local_shop, short_lived_tokens):
    shorten, restore = short_lived_tokens
    shopper = Shopper(local_shop)
    email = signed_up(local_shop, shopper)

    status, _, tokens = sign_in(shopper, email)
    assert status == 200, tokens
    assert set(shopper.cookies) == {"shop_refresh"}
    morsel = shopper.cookies["shop_refresh"]["shop_refresh"]
    assert morsel["httponly"] and morsel["secure"] and morsel["samesite"] == "Strict"
    assert morsel["path"] == "/api/auth/"
    access = tokens["access_token"]

    order = {"email": email, "lines": [{"sku": buyable_sku(shopper), "quantity": 1}]}
    status, _, placed = shopper.call(
        "POST",
        "/api/me/orders",
        order,
        token=access,
        headers={"idempotency-key": str(uuid.uuid4())},
    )
    assert status == 201, placed
    status, _, mine = shopper.call("GET", "/api/me/orders", token=access)
    assert status == 200, mine
    assert [(o["id"], o["status"] in {"placed", "confirmed"}) for o in mine["results"]] == [
        (placed["id"], True)
    ]

    # A 3-second token expires: the edge refuses it; the refresh cookie gets a fresh one.
    shorten()
    status, _, refreshed = shopper.call("POST", "/api/auth/refresh")
    restore()
    assert status == 200, refreshed
    access = refreshed["access_token"]
    time.sleep(
        max(0.0, jwt.decode(access, options={"verify_signature": False})["exp"] - time.time()) + 1
    )
    assert shopper.call("GET", "/api/me/orders", token=access)[::2] == (401, UNAUTHORIZED)
    status, _, refreshed = shopper.call("POST", "/api/auth/refresh")
    assert status == 200, refreshed
    status, _, mine = shopper.call("GET", "/api/me/orders", token=refreshed["access_token"])
    assert status == 200 and [o["id"] for o in mine["results"]] == [placed["id"]]

    # Sign-out revokes the refresh token: sent again, it refreshes nothing.
    cookie = dict(shopper.cookies)
    status, _, _ = shopper.call("POST", "/api/auth/sign-out")
    assert status == 204 and shopper.cookies == {}
    shopper.cookies = cookie
    status, _, body = shopper.call("POST", "/api/auth/refresh")
    assert status == 401 and body["error"]["code"] == "not_signed_in"


def test_a_token_signed_with_another_key_is_refused_at_the_edge(local_shop, user_pool):
    region = local_shop.deployment["region"]
    forged = jwt.encode(
        {
            "sub": str(uuid.uuid4()),
            "iss": f"https://cognito-idp.{region}.amazonaws.com/{user_pool['pool_id']}",
            "client_id": user_pool["client_id"],
            "token_use": "access",
            "exp": int(time.time()) + 600,
        },
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
        algorithm="RS256",
        headers={"kid": "dummy"},
    )
    status, _, body = Shopper(local_shop).call("GET", "/api/me/orders", token=forged)
    assert (status, body) == (401, UNAUTHORIZED)


def test_wrong_passwords_are_limited(local_shop):
    shopper = Shopper(local_shop)
    email = signed_up(local_shop, shopper)
    for _ in range(5):
        status, _, body = sign_in(shopper, email, "Wrong-horse-9")
        assert status == 401 and body["error"]["fields"] == {"password": "wrong email or password"}
    status, _, body = sign_in(shopper, email)
    assert status == 429, body
    assert body["error"]["code"] == "too_many_attempts"
    assert shopper.cookies == {}


def _sign_in_function(shop: LocalShop) -> str:
    """The function the sign-in route's integration invokes (its alias ARN's function name)."""
    gw = shop.client("apigatewayv2")
    api_id = shop.deployment["api_id"]
    route = next(r for r in gw.get_routes(ApiId=api_id)["Items"] if r["RouteKey"] == SIGN_IN)
    integration = gw.get_integration(
        ApiId=api_id, IntegrationId=route["Target"].removeprefix("integrations/")
    )
    return integration["IntegrationUri"].split(":function:", 1)[1].split(":", 1)[0]


def _failed_sign_ins_logged(shop: LocalShop, function: str, since_ms: int) -> int:
    """Django's "Unauthorized: /api/auth/sign-in" lines in the function's log since `since_ms`:
    one for each wrong-password sign-in the function answered."""
    logs = shop.client("logs")
    lines = 0
    for page in logs.get_paginator("filter_log_events").paginate(
        logGroupName=f"/aws/lambda/{function}", startTime=since_ms
    ):
        lines += sum(
            "WARNING django.request Unauthorized: /api/auth/sign-in" in event["message"]
            for event in page["events"]
        )
    return lines


def test_guessing_across_accounts_is_throttled_before_any_function_runs(local_shop):
    """Each guess on another address, so Cognito locks no account out: only API Gateway's throttle
    of the sign-in route (terraform/'s auth_throttling) stops it."""
    stage = local_shop.client("apigatewayv2").get_stage(
        ApiId=local_shop.deployment["api_id"], StageName="$default"
    )
    limits = stage["RouteSettings"][SIGN_IN]
    burst, rate = limits["ThrottlingBurstLimit"], limits["ThrottlingRateLimit"]
    assert (burst, rate) == (10, 5.0)
    function = _sign_in_function(local_shop)
    guesses = 4 * burst
    time.sleep(burst / rate)  # the earlier tests' sign-ins' tokens are back: a full bucket
    since_ms = int(time.time() * 1000)

    def guess(n: int):
        email = f"guess-{n}-{uuid.uuid4().hex[:6]}@example.com"
        status, _, body = sign_in(Shopper(local_shop), email, "Wrong-horse-9")
        return status, body

    try:
        # All at once, as an attacker sends them: the bucket empties faster than it refills.
        with ThreadPoolExecutor(max_workers=guesses) as pool:
            answers = list(pool.map(guess, range(guesses)))
    finally:
        time.sleep(burst / rate)  # the later tests sign in with a full bucket again
    admitted = answers.count((401, WRONG_PASSWORD))
    refused = answers.count(THROTTLED)
    assert admitted + refused == guesses, answers
    # The full bucket lets the burst through, and no more than it can refill takes the rest.
    assert burst <= admitted < guesses, answers
    # A function ran for each guess it answered and for no refused one.
    deadline = time.monotonic() + 30
    while _failed_sign_ins_logged(local_shop, function, since_ms) < admitted:
        if time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert _failed_sign_ins_logged(local_shop, function, since_ms) == admitted
