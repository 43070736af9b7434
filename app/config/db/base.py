"""PostgreSQL engine that takes its credentials from an RDS-managed Secrets Manager secret.

RDS rotates that secret (every 7 days by default) while functions keep a copy: a connection
refused for its password makes the engine read the secret again, from Secrets Manager itself
rather than a cache, and try once more.
"""

import json
import logging
import time
from typing import Any

from django.conf import settings
from django.db.backends.postgresql import base

from config.secrets import secret_string

log = logging.getLogger(__name__)

_SECRET_TTL_SECONDS = 300
# invalid_password, invalid_authorization_specification
_AUTH_FAILURES = {"28P01", "28000"}
_cache: dict[str, tuple[float, dict[str, Any]]] = {}


def _read_secret(arn: str, *, fresh: bool = False) -> dict[str, Any]:
    cached = _cache.get(arn)
    if not fresh and cached and time.monotonic() - cached[0] < _SECRET_TTL_SECONDS:
        return cached[1]
    secret = json.loads(secret_string(arn, fresh=fresh) or "{}")
    _cache[arn] = (time.monotonic(), secret)
    return secret


def _is_auth_failure(exc: Exception) -> bool:
    if getattr(exc, "sqlstate", None) in _AUTH_FAILURES:
        return True
    # libpq reports a refused login at connection time as text only.
    return "password authentication failed" in str(exc)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        return self._with_credentials(super().get_connection_params(), fresh=False)

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        try:
            return super().get_new_connection(conn_params)
        except self.Database.OperationalError as exc:
            if not _is_auth_failure(exc):
                raise
            log.warning("database login refused; reading the rotated credentials and retrying once")
            return super().get_new_connection(self._with_credentials(conn_params, fresh=True))

    def _with_credentials(self, params: dict[str, Any], *, fresh: bool) -> dict[str, Any]:
        secret = _read_secret(settings.DATABASE_SECRET_ARN, fresh=fresh)
        return {
            **params,
            "user": secret.get("username", params.get("user")),
            "password": secret["password"],
        }
