"""The edge's JWT authorizer against the emulator's Cognito: tokens it issues, keys it serves."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import jwt
import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives.asymmetric import rsa

from localcloud.apigateway.authorizer import JwtAuthorizer, RouteAuthorization, cognito_via_emulator
from localcloud.apigateway.http_api import FunctionTarget, HttpApi
from localcloud.awslambda.pool import Invocation
from localcloud.emulator.codes import latest_code
from localcloud.environment.deployment import _route_authorizations
from tests.localcloud.aws import API_FUNCTION_ARN, REGION, apigateway_may_invoke, client

PASSWORD = "Correct-horse-9"
ARN = API_FUNCTION_ARN
ALLOW = apigateway_may_invoke()


@dataclass
class RecordingPool:
    """Stands in for the function: records every event, answers with what the authorizer gave."""

    events: list[dict] = field(default_factory=list)

    def invoke(self, event: dict) -> Invocation:
        self.events.append(event)
        body = json.dumps(event["requestContext"].get("authorizer"))
        return Invocation(status="ok", payload={"statusCode": 200, "body": body})


@pytest.fixture(scope="module")
def moto_log(moto_endpoint, tmp_path_factory) -> Path:
    return next(tmp_path_factory.getbasetemp().glob("moto*/moto.log"))


@pytest.fixture(scope="module")
def pool(moto_endpoint):
    idp = client(moto_endpoint, "cognito-idp")
    pool_id = idp.create_user_pool(
        PoolName="shop", UsernameAttributes=["email"], AutoVerifiedAttributes=["email"]
    )["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="storefront",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors="ENABLED",
        AccessTokenValidity=5,
        IdTokenValidity=5,
        TokenValidityUnits={"AccessToken": "minutes", "IdToken": "minutes"},
    )["UserPoolClient"]["ClientId"]
    other = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="other")
    return {
        "idp": idp,
        "id": pool_id,
        "client_id": client_id,
        "other_client_id": other["UserPoolClient"]["ClientId"],
        "issuer": f"https://cognito-idp.{REGION}.amazonaws.com/{pool_id}",
    }


def _signed_up(pool, moto_log, email: str) -> None:
    pool["idp"].sign_up(ClientId=pool["client_id"], Username=email, Password=PASSWORD)
    code = latest_code(moto_log, email)
    assert code is not None and len(code) == 6
    pool["idp"].confirm_sign_up(ClientId=pool["client_id"], Username=email, ConfirmationCode=code)


def _tokens(pool, email: str, client_id: str | None = None) -> dict:
    return pool["idp"].initiate_auth(
        ClientId=client_id or pool["client_id"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
    )["AuthenticationResult"]


def _api(pool, moto_endpoint) -> tuple[HttpApi, RecordingPool]:
    recorder = RecordingPool()
    authorizer = JwtAuthorizer(
        authorizer_id="a1",
        name="user-pool",
        issuer=pool["issuer"],
        audience=(pool["client_id"],),
        fetch=cognito_via_emulator(moto_endpoint),
    )
    api = HttpApi(
        api_id="abc",
        domain_name="abc.execute-api.example",
        account_id="123456789012",
        region=REGION,
        routes={"GET /api/me/orders": FunctionTarget(arn=ARN, policy=ALLOW, pool=recorder)},
        authorizations={"GET /api/me/orders": RouteAuthorization(authorizer=authorizer)},
    )
    return api, recorder


def _get(api: HttpApi, authorization: str | None):
    headers = [("host", "abc.execute-api.example")]
    if authorization is not None:
        headers.append(("authorization", authorization))
    return api.handle(
        method="GET",
        path="/api/me/orders",
        query="",
        headers=headers,
        body=b"",
        source_ip="1.2.3.4",
    )


def test_a_valid_access_token_reaches_the_function_with_its_claims(pool, moto_endpoint, moto_log):
    _signed_up(pool, moto_log, "ada@example.com")
    tokens = _tokens(pool, "ada@example.com")
    api, recorder = _api(pool, moto_endpoint)
    response = _get(api, f"Bearer {tokens['AccessToken']}")
    assert response.status == 200
    claims = json.loads(response.body)["jwt"]["claims"]
    sub = jwt.decode(tokens["AccessToken"], options={"verify_signature": False})["sub"]
    assert claims["sub"] == sub
    assert claims["client_id"] == pool["client_id"]
    assert claims["token_use"] == "access"
    assert isinstance(claims["exp"], str)
    assert len(recorder.events) == 1
    # The token alone, without "Bearer ", is accepted too; so is an ID token of the client (aud).
    assert _get(api, tokens["AccessToken"]).status == 200
    assert _get(api, tokens["IdToken"]).status == 200


def test_tokens_last_the_clients_validity(pool, moto_log):
    _signed_up(pool, moto_log, "lin@example.com")
    tokens = _tokens(pool, "lin@example.com")
    assert tokens["ExpiresIn"] == 300
    claims = jwt.decode(tokens["AccessToken"], options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 300


def _forge(claims: dict, *, kid: str = "dummy") -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


@pytest.mark.parametrize("case", ["missing", "garbage", "forged", "expired", "wrong_audience"])
def test_bad_tokens_get_401_and_no_function_runs(pool, moto_endpoint, moto_log, case):
    email = f"{case}@example.com"
    _signed_up(pool, moto_log, email)
    good = jwt.decode(_tokens(pool, email)["AccessToken"], options={"verify_signature": False})
    api, recorder = _api(pool, moto_endpoint)
    if case == "missing":
        authorization = None
    elif case == "garbage":
        authorization = "Bearer not-a-jwt"
    elif case == "forged":
        # The right kid, issuer, audience and times, signed by a key that is not the pool's.
        authorization = f"Bearer {_forge(good)}"
    elif case == "expired":
        # Signed by the pool (moto's key) but past its expiry.
        authorization = f"Bearer {_pool_signed({**good, 'exp': int(time.time()) - 60})}"
    else:
        authorization = f"Bearer {_tokens(pool, email, pool['other_client_id'])['AccessToken']}"
    response = _get(api, authorization)
    assert response.status == 401
    assert json.loads(response.body) == {"message": "Unauthorized"}
    assert recorder.events == []


def _pool_signed(claims: dict) -> str:
    """A token signed with the emulator's own Cognito key, as moto signs its tokens."""
    from moto.utilities.utils import load_resource

    private = load_resource("cognitoidp/resources/jwks-private.json")
    key = jwt.PyJWK.from_dict(private).key
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "dummy"})


def test_the_edge_reads_authorizers_and_route_authorization_from_the_api(pool, moto_endpoint):
    gw = client(moto_endpoint, "apigatewayv2")
    api_id = gw.create_api(Name="auth", ProtocolType="HTTP")["ApiId"]
    authorizer_id = gw.create_authorizer(
        ApiId=api_id,
        Name="user-pool",
        AuthorizerType="JWT",
        IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Issuer": pool["issuer"], "Audience": [pool["client_id"]]},
    )["AuthorizerId"]
    gw.create_route(
        ApiId=api_id,
        RouteKey="GET /api/me/orders",
        AuthorizationType="JWT",
        AuthorizerId=authorizer_id,
    )
    gw.create_route(ApiId=api_id, RouteKey="ANY /api/{proxy+}")
    authorizations = _route_authorizations(gw, api_id, endpoint=moto_endpoint)
    assert list(authorizations) == ["GET /api/me/orders"]
    authorizer = authorizations["GET /api/me/orders"].authorizer
    assert (authorizer.issuer, authorizer.audience) == (pool["issuer"], (pool["client_id"],))


def test_confirmation_needs_the_mailed_code(pool, moto_log):
    idp = pool["idp"]
    idp.sign_up(ClientId=pool["client_id"], Username="eve@example.com", Password=PASSWORD)
    code = latest_code(moto_log, "eve@example.com")
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(ClientError) as exc:
        idp.confirm_sign_up(
            ClientId=pool["client_id"], Username="eve@example.com", ConfirmationCode=wrong
        )
    assert exc.value.response["Error"]["Code"] == "CodeMismatchException"
    with pytest.raises(ClientError) as exc:
        _tokens(pool, "eve@example.com")
    assert exc.value.response["Error"]["Code"] == "UserNotConfirmedException"


def test_repeated_wrong_passwords_lock_the_account(pool, moto_log):
    _signed_up(pool, moto_log, "mallory@example.com")
    idp = pool["idp"]

    def sign_in(password: str) -> str:
        try:
            idp.initiate_auth(
                ClientId=pool["client_id"],
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": "mallory@example.com", "PASSWORD": password},
            )
        except ClientError as exc:
            return exc.response["Error"]["Message"]
        return "ok"

    assert [sign_in("wrong") for _ in range(5)] == ["Incorrect username or password."] * 5
    # Past five failures even the right password is refused for a while.
    assert sign_in("wrong") == "Password attempts exceeded"
    assert sign_in(PASSWORD) == "Password attempts exceeded"


def test_unknown_users_fail_like_wrong_passwords(pool):
    with pytest.raises(ClientError) as exc:
        _tokens(pool, "nobody@example.com")
    assert exc.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_a_revoked_refresh_token_refreshes_no_more(pool, moto_log):
    _signed_up(pool, moto_log, "trent@example.com")
    idp, refresh_token = pool["idp"], _tokens(pool, "trent@example.com")["RefreshToken"]

    def refresh(client_id: str) -> dict:
        return idp.initiate_auth(
            ClientId=client_id,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": refresh_token},
        )

    assert refresh(pool["client_id"])["AuthenticationResult"]["AccessToken"]
    with pytest.raises(ClientError) as exc:
        idp.revoke_token(Token=refresh_token, ClientId=pool["other_client_id"])
    assert exc.value.response["Error"]["Code"] == "UnauthorizedException"
    idp.revoke_token(Token=refresh_token, ClientId=pool["client_id"])
    with pytest.raises(ClientError) as exc:
        refresh(pool["client_id"])
    assert exc.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_a_password_reset_needs_the_mailed_code_and_a_strong_password(pool, moto_log):
    _signed_up(pool, moto_log, "peggy@example.com")
    idp, client_id = pool["idp"], pool["client_id"]
    idp.forgot_password(ClientId=client_id, Username="peggy@example.com")
    code = latest_code(moto_log, "peggy@example.com")

    def reset(code: str, password: str) -> str:
        try:
            idp.confirm_forgot_password(
                ClientId=client_id,
                Username="peggy@example.com",
                ConfirmationCode=code,
                Password=password,
            )
        except ClientError as exc:
            return exc.response["Error"]["Code"]
        return "ok"

    assert reset("000000" if code != "000000" else "111111", "New-horse-99") == (
        "CodeMismatchException"
    )
    assert reset(code, "weak") == "InvalidPasswordException"
    assert reset(code, "New-horse-99") == "ok"
    result = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "peggy@example.com", "PASSWORD": "New-horse-99"},
    )
    assert result["AuthenticationResult"]["AccessToken"]
