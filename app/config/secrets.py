"""Secrets Manager values by ARN, without boto3 on the cold-start path where AWS allows it.

With the AWS Parameters and Secrets Lambda Extension attached (Terraform then sets
PARAMETERS_SECRETS_EXTENSION_HTTP_PORT), a read is one HTTP GET on localhost through http.client,
which Django has already imported: no SDK import, no TLS handshake in the function. The extension
caches each value for its TTL (300 s by default), so a caller that knows its value went stale
(a refused database password, an unknown origin header) asks for `fresh=True`, which goes to
Secrets Manager itself through boto3. That is also the path without the extension.
"""

from __future__ import annotations

import http.client
import json
import os
from urllib.parse import urlencode

CURRENT = "AWSCURRENT"
PREVIOUS = "AWSPREVIOUS"
_EXTENSION_TIMEOUT_SECONDS = 5.0


class SecretUnavailable(RuntimeError):
    """The secret could not be read (as opposed to a version stage that does not exist)."""


def secret_string(arn: str, *, stage: str = CURRENT, fresh: bool = False) -> str | None:
    """The SecretString of `arn` at `stage`; None when no version carries that stage."""
    port = os.environ.get("PARAMETERS_SECRETS_EXTENSION_HTTP_PORT", "").strip()
    if port and not fresh:
        return _from_extension(int(port), arn, stage)
    return _from_secrets_manager(arn, stage)


def _from_extension(port: int, arn: str, stage: str) -> str | None:
    connection = http.client.HTTPConnection("localhost", port, timeout=_EXTENSION_TIMEOUT_SECONDS)
    try:
        connection.request(
            "GET",
            "/secretsmanager/get?" + urlencode({"secretId": arn, "versionStage": stage}),
            # The extension refuses callers without the execution environment's session token,
            # so a request forged through the function (SSRF) cannot read secrets.
            headers={"X-Aws-Parameters-Secrets-Token": os.environ.get("AWS_SESSION_TOKEN", "")},
        )
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
    except OSError as exc:
        raise SecretUnavailable(f"no answer from the secrets extension on {port}: {exc}") from exc
    finally:
        connection.close()
    if response.status == 200:
        return json.loads(body)["SecretString"]
    # The extension passes Secrets Manager's error through; a missing stage is not an error here.
    if "ResourceNotFoundException" in body and stage != CURRENT:
        return None
    raise SecretUnavailable(f"the secrets extension answered {response.status} for {arn}: {body}")


def _from_secrets_manager(arn: str, stage: str) -> str | None:
    import boto3  # deferred: only a read without the extension, or a forced refresh, pays for it

    client = boto3.client("secretsmanager")
    try:
        return client.get_secret_value(SecretId=arn, VersionStage=stage)["SecretString"]
    except client.exceptions.ResourceNotFoundException:
        if stage == CURRENT:
            raise
        return None
