"""A stand-in for the AWS Parameters and Secrets Lambda Extension's HTTP interface.

The real extension is a binary in an AWS-published layer; this serves the same request on
loopback (GET /secretsmanager/get?secretId=&versionStage=|versionId=, X-Aws-Parameters-Secrets-Token
must equal the execution environment's AWS_SESSION_TOKEN) by asking the emulator's Secrets
Manager, and answers as the extension does: GetSecretValue's JSON, or the service's error with
its status. Like the extension it caches each answer for `ttl` seconds, so a caller that needs a
value fresher than that must go to Secrets Manager itself.
"""

from __future__ import annotations

import http.server
import json
import threading
import time
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from botocore.exceptions import ClientError

TOKEN_HEADER = "X-Aws-Parameters-Secrets-Token"  # noqa: S105 - a header name


class SecretsExtension:
    def __init__(self, secretsmanager: Any, *, token: str, ttl: float = 300.0) -> None:
        self.client = secretsmanager
        self.token = token
        self.ttl = ttl
        self._cache: dict[tuple[str, str, str], tuple[float, int, bytes]] = {}
        self._server: http.server.ThreadingHTTPServer | None = None

    @property
    def port(self) -> int:
        assert self._server is not None, "not started"
        return self._server.server_address[1]

    def start(self) -> SecretsExtension:
        extension = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, body = extension.answer(self.path, self.headers)
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def answer(self, target: str, headers: Any) -> tuple[int, bytes]:
        if headers.get(TOKEN_HEADER) != self.token:
            return 401, _error("MissingOrInvalidToken", "missing or invalid SSRF token")
        if headers.get("X-Forwarded-For"):
            return 400, _error("ForwardedRequest", "forwarded requests are refused")
        url = urlsplit(target)
        if url.path != "/secretsmanager/get":
            return 404, _error("NotFound", f"no route {url.path}")
        query = {name: values[0] for name, values in parse_qs(url.query).items()}
        secret_id = query.get("secretId")
        if not secret_id:
            return 400, _error("ValidationException", "secretId is required")
        key = (secret_id, query.get("versionStage", ""), query.get("versionId", ""))
        cached = self._cache.get(key)
        if cached and time.monotonic() - cached[0] < self.ttl:
            return cached[1], cached[2]
        status, body = self._fetch(secret_id, key[1], key[2])
        self._cache[key] = (time.monotonic(), status, body)
        return status, body

    def _fetch(self, secret_id: str, stage: str, version_id: str) -> tuple[int, bytes]:
        kwargs: dict[str, str] = {"SecretId": secret_id}
        if stage:
            kwargs["VersionStage"] = stage
        if version_id:
            kwargs["VersionId"] = version_id
        try:
            response = self.client.get_secret_value(**kwargs)
        except ClientError as exc:
            error = exc.response.get("Error", {})
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 400)
            return status, _error(error.get("Code", "Error"), error.get("Message", ""))
        response.pop("ResponseMetadata", None)
        return 200, json.dumps(response, default=_json_default).encode()


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _error(code: str, message: str) -> bytes:
    return json.dumps({"__type": code, "message": message}).encode()
