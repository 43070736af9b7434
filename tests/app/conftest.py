import json
import uuid

import pytest
from django.test import Client

from tests.app.factories import ProductFactory


@pytest.fixture
def product_factory(db):
    return ProductFactory


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture
def post_order(client):
    """POST /api/orders the way the storefront does, with overridable pieces."""

    def post(body, *, key: str | None = "auto", content_type="application/json", raw=None):
        headers = {}
        if key == "auto":
            headers["Idempotency-Key"] = str(uuid.uuid4())
        elif key is not None:
            headers["Idempotency-Key"] = key
        data = raw if raw is not None else json.dumps(body)
        return client.post("/api/orders", data=data, content_type=content_type, headers=headers)

    return post


@pytest.fixture
def cognito(settings, monkeypatch):
    """In-process moto Cognito, strict as the emulator makes it; a pool like modules/user_pool's."""
    import boto3
    from moto import mock_aws
    from moto.cognitoidp.models import cognitoidp_backends

    from localcloud.emulator.ext import cognito as strict_cognito
    from shop.accounts import cognito as shop_cognito

    region = "eu-west-1"
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    strict_cognito.install()
    shop_cognito._client.cache_clear()
    with mock_aws():
        idp = boto3.client("cognito-idp", region_name=region)
        pool_id = idp.create_user_pool(
            PoolName="shop",
            UsernameAttributes=["email"],
            AutoVerifiedAttributes=["email"],
            UsernameConfiguration={"CaseSensitive": False},
            Policies={
                "PasswordPolicy": {
                    "MinimumLength": 10,
                    "RequireUppercase": True,
                    "RequireLowercase": True,
                    "RequireNumbers": True,
                    "RequireSymbols": False,
                }
            },
        )["UserPool"]["Id"]
        client_id = idp.create_user_pool_client(
            UserPoolId=pool_id,
            ClientName="storefront",
            ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            PreventUserExistenceErrors="ENABLED",
            EnableTokenRevocation=True,
        )["UserPoolClient"]["ClientId"]
        settings.SHOP_COGNITO_USER_POOL_ID = pool_id
        settings.SHOP_COGNITO_CLIENT_ID = client_id
        account = next(
            a for a in cognitoidp_backends if pool_id in cognitoidp_backends[a][region].user_pools
        )
        yield {
            "idp": idp,
            "pool_id": pool_id,
            "client_id": client_id,
            "backend": cognitoidp_backends[account][region],
        }
    shop_cognito._client.cache_clear()
