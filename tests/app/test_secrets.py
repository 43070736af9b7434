"""Secrets by ARN: through the Lambda extension's localhost interface, or Secrets Manager itself."""

import subprocess
import sys

import boto3
import pytest
from moto import mock_aws

from config.secrets import CURRENT, PREVIOUS, SecretUnavailable, secret_string
from localcloud.awslambda.secrets_extension import SecretsExtension
from tests.app.test_settings import APP_DIR


@pytest.fixture
def secretsmanager(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", raising=False)
    with mock_aws():
        yield boto3.client("secretsmanager")


@pytest.fixture
def extension(secretsmanager, monkeypatch):
    monkeypatch.setenv("AWS_SESSION_TOKEN", "session-token-of-this-sandbox")
    server = SecretsExtension(secretsmanager, token="session-token-of-this-sandbox").start()
    monkeypatch.setenv("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", str(server.port))
    yield server
    server.stop()


def test_current_and_previous_straight_from_secrets_manager(secretsmanager):
    arn = secretsmanager.create_secret(Name="shop/key", SecretString="one")["ARN"]
    assert secret_string(arn) == "one"
    assert secret_string(arn, stage=PREVIOUS) is None
    secretsmanager.put_secret_value(SecretId=arn, SecretString="two")
    assert (secret_string(arn), secret_string(arn, stage=PREVIOUS)) == ("two", "one")


def test_a_missing_secret_is_an_error_not_an_empty_value(secretsmanager):
    with pytest.raises(secretsmanager.exceptions.ResourceNotFoundException):
        secret_string("arn:aws:secretsmanager:eu-west-1:123456789012:secret:missing-AbCdEf")


def test_through_the_extension_with_its_cache_and_fresh_reads_around_it(secretsmanager, extension):
    arn = secretsmanager.create_secret(Name="shop/key", SecretString="one")["ARN"]
    assert secret_string(arn) == "one"
    assert secret_string(arn, stage=PREVIOUS) is None
    secretsmanager.put_secret_value(SecretId=arn, SecretString="two")
    # The extension still answers from its cache; a fresh read goes to Secrets Manager.
    assert secret_string(arn) == "one"
    assert secret_string(arn, fresh=True) == "two"
    assert secret_string(arn, stage=PREVIOUS, fresh=True) == "one"


def test_the_extension_refuses_a_caller_without_the_session_token(
    secretsmanager, extension, monkeypatch
):
    arn = secretsmanager.create_secret(Name="shop/key", SecretString="one")["ARN"]
    monkeypatch.setenv("AWS_SESSION_TOKEN", "someone-else")
    with pytest.raises(SecretUnavailable, match="401"):
        secret_string(arn, stage=CURRENT)


def test_production_reads_secret_key_by_arn_at_cold_start_without_boto3(secretsmanager, extension):
    arn = secretsmanager.create_secret(Name="shop/key", SecretString="k" * 64)["ARN"]
    probe = (
        "import sys, config.settings as s; "
        "print(s.SECRET_KEY == 'k' * 64, 'boto3' in sys.modules, 'botocore' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=APP_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY_ARN": arn,
            "DJANGO_ALLOWED_HOSTS": "shop.example.com",
            "DATABASE_URL": "sqlite:////tmp/shop.sqlite3",
            "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT": str(extension.port),
            "AWS_SESSION_TOKEN": "session-token-of-this-sandbox",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "False"]
