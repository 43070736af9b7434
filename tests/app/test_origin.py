"""Only CloudFront gets through: the secret origin header, and its rotation without downtime."""

import boto3
import pytest
from django.conf import settings
from django.test import Client, override_settings
from moto import mock_aws

from config import origin

pytestmark = pytest.mark.django_db


@pytest.fixture
def origin_secret(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", raising=False)
    with mock_aws():
        client = boto3.client("secretsmanager")
        arn = client.create_secret(Name="shop/origin-verify", SecretString="value-1")["ARN"]
        with override_settings(
            SHOP_ORIGIN_SECRET_ARN=arn,
            SHOP_ORIGIN_HEADER="x-origin-verify",
            MIDDLEWARE=["config.origin.OriginVerifyMiddleware", *settings.MIDDLEWARE],
        ):
            yield client, arn


def rotate(client, arn: str, value: str) -> None:
    client.put_secret_value(SecretId=arn, SecretString=value)


def get(shop: Client, value: str | None, path: str = "/api/products"):
    headers = {} if value is None else {"x-origin-verify": value}
    return shop.get(path, headers=headers)


def test_requests_without_the_header_are_refused_with_a_json_error(origin_secret):
    shop = Client()
    for value in (None, "", "value-2", "VALUE-1"):
        response = get(shop, value)
        assert response.status_code == 403
        assert response.json() == {
            "error": {
                "code": "forbidden",
                "message": "Requests must come through the shop's CloudFront distribution.",
            }
        }
    assert get(shop, "value-1").status_code == 200


def test_the_admin_is_behind_the_same_check(origin_secret):
    shop = Client()
    assert get(shop, None, "/admin/login/").status_code == 403
    assert get(shop, "value-1", "/admin/login/").status_code == 200


def test_during_a_rotation_both_values_pass_and_older_ones_do_not(origin_secret):
    client, arn = origin_secret
    rotate(client, arn, "value-2")
    shop = Client()  # a cold start after the new value was written
    assert get(shop, "value-2").status_code == 200
    assert get(shop, "value-1").status_code == 200  # edge locations not yet switched
    rotate(client, arn, "value-3")
    shop = Client()
    assert get(shop, "value-1").status_code == 403


def test_a_warm_environment_learns_the_new_value(origin_secret, monkeypatch):
    client, arn = origin_secret
    shop = Client()
    assert get(shop, "value-1").status_code == 200
    rotate(client, arn, "value-2")
    # Within the refresh interval an unknown value does not trigger a read...
    assert get(shop, "value-2").status_code == 403
    # ...after it, the environment reads the secret again and lets CloudFront's new value in.
    monkeypatch.setattr(origin, "_REFRESH_INTERVAL_SECONDS", 0.0)
    assert get(shop, "value-2").status_code == 200
    assert get(shop, "value-1").status_code == 200
