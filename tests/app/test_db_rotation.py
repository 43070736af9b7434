"""Issue 12, finding 5: RDS rotates the password; the engine re-reads the secret, retries once."""

import json

import boto3
import pytest
from django.db import connections
from django.test import override_settings
from moto import mock_aws

from config.db import base as secret_engine
from tools.pgcluster import start_cluster

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def password_cluster():
    """A cluster whose TCP logins check passwords, as Aurora's do."""
    cluster = start_cluster(max_connections=20, host_auth="scram-sha-256")
    cluster.psql("CREATE ROLE shop LOGIN PASSWORD 'first-password'")
    yield cluster
    cluster.stop()


@pytest.fixture(autouse=True)
def own_database(django_db_blocker):
    # This test's connections go to its own cluster, not the test database pytest-django guards.
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def rds_secret(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", raising=False)
    secret_engine._cache.clear()
    with mock_aws():
        client = boto3.client("secretsmanager")
        value = {"username": "shop", "password": "first-password"}
        arn = client.create_secret(Name="rds!cluster-1", SecretString=json.dumps(value))["ARN"]
        with override_settings(DATABASE_SECRET_ARN=arn):
            yield client, arn
    secret_engine._cache.clear()


def wrapper(cluster):
    settings_dict = {
        **connections["default"].settings_dict,
        "ENGINE": "config.db",
        "NAME": "postgres",
        "USER": "shop",
        "PASSWORD": "",
        "HOST": "127.0.0.1",
        "PORT": str(cluster.port),
        "CONN_MAX_AGE": 0,
        "OPTIONS": {},
    }
    return secret_engine.DatabaseWrapper(settings_dict, alias="rotation")


def current_user(db) -> str:
    try:
        with db.cursor() as cursor:
            cursor.execute("SELECT current_user")
            return cursor.fetchone()[0]
    finally:
        db.close()


def rotate(cluster, client, arn: str, password: str) -> None:
    """What RDS's managed rotation does: new password on the database and in the secret."""
    cluster.psql(f"ALTER ROLE shop PASSWORD '{password}'")
    client.put_secret_value(
        SecretId=arn, SecretString=json.dumps({"username": "shop", "password": password})
    )


def test_a_rotated_password_is_read_again_and_the_login_retried(password_cluster, rds_secret):
    client, arn = rds_secret
    db = wrapper(password_cluster)
    assert current_user(db) == "shop"  # caches first-password for 300 s
    rotate(password_cluster, client, arn, "second-password")
    assert current_user(db) == "shop"
    assert secret_engine._cache[arn][1]["password"] == "second-password"


@pytest.mark.usefixtures("rds_secret")
def test_a_refusal_with_the_fresh_password_is_not_retried_forever(password_cluster):
    password_cluster.psql("ALTER ROLE shop PASSWORD 'nobody-knows-this'")
    try:
        with pytest.raises(Exception, match="password authentication failed"):
            current_user(wrapper(password_cluster))
    finally:
        password_cluster.psql("ALTER ROLE shop PASSWORD 'first-password'")
