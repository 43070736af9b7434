"""PostgreSQL engine that takes its credentials from an RDS-managed Secrets Manager secret."""

import json
import time
from typing import Any

from django.conf import settings
from django.db.backends.postgresql import base

_SECRET_TTL_SECONDS = 300
_cache: dict[str, tuple[float, dict[str, Any]]] = {}


def _read_secret(arn: str) -> dict[str, Any]:
    cached = _cache.get(arn)
    if cached and time.monotonic() - cached[0] < _SECRET_TTL_SECONDS:
        return cached[1]
    import boto3  # deferred: only a cold start that opens a connection pays for it

    response = boto3.client("secretsmanager").get_secret_value(SecretId=arn)
    secret = json.loads(response["SecretString"])
    _cache[arn] = (time.monotonic(), secret)
    return secret


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        secret = _read_secret(settings.DATABASE_SECRET_ARN)
        params["user"] = secret.get("username", params.get("user"))
        params["password"] = secret["password"]
        return params
