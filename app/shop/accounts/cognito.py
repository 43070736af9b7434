"""The user pool's public client: Cognito's unauthenticated user APIs, their errors as ShopErrors.

SignUp, ConfirmSignUp, InitiateAuth, RevokeToken, ForgotPassword and the like are unauthenticated
APIs ("signed versus unsigned APIs" in the Cognito developer guide): a public client sends them
unsigned, so the function needs no IAM permission for them and nothing secret is configured.
boto3 is imported on the first auth request only, so the api function's cold start does not pay
for it (`make bench-coldstart`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings

from shop.errors import (
    AccountUnconfirmed,
    AlreadyExists,
    NotSignedIn,
    ServiceUnavailable,
    ShopError,
    TooManyAttempts,
    ValidationFailed,
)


def client_id() -> str:
    if not settings.SHOP_COGNITO_CLIENT_ID or not settings.SHOP_COGNITO_USER_POOL_ID:
        raise ServiceUnavailable("Customer accounts are not configured on this server.")
    return settings.SHOP_COGNITO_CLIENT_ID


@functools.cache
def _client(region: str) -> Any:
    import boto3
    from botocore import UNSIGNED
    from botocore.config import Config

    return boto3.client(
        "cognito-idp",
        region_name=region,
        config=Config(
            signature_version=UNSIGNED,
            connect_timeout=3,
            read_timeout=5,
            retries={"mode": "standard", "max_attempts": 2},
        ),
    )


def call(operation: str, *, purpose: str | None = None, **params: Any) -> dict[str, Any]:
    """One unauthenticated Cognito call for the shop's client, its errors as ShopErrors.

    `purpose` names what the call does where one operation does several (a refresh is an
    InitiateAuth too), so that its errors read right.
    """
    params = {"ClientId": client_id(), **params}
    # A pool ID is "<region>_<id>": the pool's own region, whatever the function's is.
    region = settings.SHOP_COGNITO_USER_POOL_ID.split("_", 1)[0]
    with cognito_errors(purpose or operation):
        method: Callable[..., dict[str, Any]] = getattr(_client(region), operation)
        return method(**params)


@contextmanager
def cognito_errors(operation: str) -> Iterator[None]:
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except ClientError as exc:
        error = exc.response.get("Error", {})
        raise as_shop_error(operation, error.get("Code", ""), error.get("Message", "")) from None
    except BotoCoreError:
        raise ServiceUnavailable("The accounts service did not answer; try again.") from None


def as_shop_error(operation: str, code: str, message: str) -> ShopError:
    """What a shopper is told for one Cognito error code (the API reference's error list)."""
    if code == "NotAuthorizedException":
        if "attempts exceeded" in message.lower():
            return TooManyAttempts(
                "Too many failed sign-ins; wait a few minutes and try again.",
                fields={"password": "too many failed attempts"},
            )
        if operation in {"initiate_auth_refresh", "revoke_token"}:
            return NotSignedIn("Your session has ended; sign in again.")
        if operation == "confirm_sign_up":
            return AlreadyExists(
                "This account is already confirmed; sign in.", fields={"email": "already confirmed"}
            )
        return NotSignedIn(
            "Wrong email address or password.", fields={"password": "wrong email or password"}
        )
    simple: dict[str, ShopError] = {
        "UsernameExistsException": AlreadyExists(
            "An account with this email address already exists; sign in instead.",
            fields={"email": "already registered"},
        ),
        "InvalidPasswordException": ValidationFailed(
            # Cognito's message names the rule the password broke (the pool's policy).
            f"The password is too weak: {message}",
            fields={"password": "too weak"},
        ),
        "UserNotConfirmedException": AccountUnconfirmed(
            "Confirm your email address with the code we sent before signing in.",
            fields={"email": "not confirmed yet"},
        ),
        "CodeMismatchException": ValidationFailed(
            "That code is wrong; check the email we sent.", fields={"code": "wrong code"}
        ),
        "ExpiredCodeException": ValidationFailed(
            "That code has expired; ask for a new one.", fields={"code": "expired"}
        ),
        # Only where PreventUserExistenceErrors does not apply (confirm, resend).
        "UserNotFoundException": ValidationFailed(
            "No account with this email address.", fields={"email": "no such account"}
        ),
    }
    if code in simple:
        return simple[code]
    if code in {
        "TooManyRequestsException",
        "TooManyFailedAttemptsException",
        "LimitExceededException",
    }:
        return TooManyAttempts("Too many attempts; wait a few minutes and try again.")
    if code == "InvalidParameterException":
        return ValidationFailed(f"Cognito refused the request: {message}")
    return ServiceUnavailable("The accounts service failed; try again later.")
