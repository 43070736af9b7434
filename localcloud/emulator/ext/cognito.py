"""Cognito user pools as strict as AWS where the shop's accounts depend on it.

moto 5.2 confirms any sign-up whatever its code, ignores the client's token lifetimes (every
token lasts an hour), never locks out repeated wrong passwords, and reveals unknown users
(UserNotFoundException) although the client prevents user existence errors. On AWS:
- SignUp mails a 6-digit code valid for 24 hours; ConfirmSignUp refuses another code
  (CodeMismatchException) or an old one (ExpiredCodeException). Here the "mail" is a line in
  the emulator's log (`make local-code EMAIL=...` prints the code);
- access and ID tokens last the client's AccessTokenValidity / IdTokenValidity;
- after five failed sign-ins a user is locked out for a time that doubles with each further
  failure (NotAuthorizedException "Password attempts exceeded"), correct password or not;
- with PreventUserExistenceErrors=ENABLED an unknown user fails like a wrong password;
- ResendConfirmationCode mails a new sign-up code; ForgotPassword mails a 6-digit reset code
  valid for one hour, which ConfirmForgotPassword checks (moto accepts any code but its own
  prefixed one), and the new password must meet the pool's policy (InvalidPasswordException);
- RevokeToken (which moto lacks) revokes a refresh token of the calling client, and the access
  tokens issued from it: it refreshes no more ("Refresh Token has been revoked").
"""

from __future__ import annotations

import secrets
import sys
import threading
import time
from typing import Any

import jwt
from moto.cognitoidp import models, responses
from moto.cognitoidp.exceptions import (
    CodeMismatchException,
    ExpiredCodeException,
    InvalidParameterException,
    NotAuthorizedError,
    ResourceNotFoundError,
    UserNotFoundError,
)
from moto.core.exceptions import JsonRESTError
from moto.core.responses import ActionResult, EmptyResult

CODE_VALIDITY_SECONDS = 24 * 60 * 60
RESET_CODE_VALIDITY_SECONDS = 60 * 60
FREE_FAILURES = 5
MAX_LOCKOUT_SECONDS = 15 * 60
TOKEN_NAMES = {"access": "AccessToken", "id": "IdToken"}
UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
# What the log line says, and what `make local-code` looks for.
CODE_LINE = "cognito-idp: confirmation code for {email} (user pool {pool}): {code}"

_INSTALLED = False
_lock = threading.Lock()
# (pool id, username) -> (consecutive failures, locked until)
_failures: dict[tuple[str, str], tuple[int, float]] = {}

_original_create_jwt = models.CognitoIdpUserPool.create_jwt
_original_sign_up = models.CognitoIdpBackend.sign_up
_original_initiate_auth = models.CognitoIdpBackend.initiate_auth
_original_confirm_sign_up = responses.CognitoIdpResponse.confirm_sign_up
_original_forgot_password = models.CognitoIdpBackend.forgot_password
_original_confirm_forgot_password = models.CognitoIdpBackend.confirm_forgot_password


def _pool_of_client(backend: models.CognitoIdpBackend, client_id: str) -> Any:
    return next((p for p in backend.user_pools.values() if client_id in p.clients), None)


def _create_jwt(
    self: models.CognitoIdpUserPool,
    client_id: str,
    username: str,
    token_use: str,
    expires_in: int = 60 * 60,
    extra_data: dict[str, Any] | None = None,
) -> tuple[str, int]:
    client = self.clients.get(client_id)
    name = TOKEN_NAMES.get(token_use)
    if client is not None and name:
        config = client.extended_config
        validity = config.get(f"{name}Validity")
        if validity:
            unit = (config.get("TokenValidityUnits") or {}).get(name, "hours")
            expires_in = int(validity) * UNIT_SECONDS[unit]
    return _original_create_jwt(self, client_id, username, token_use, expires_in, extra_data)


def _mail_code(user: models.CognitoIdpUser, kind: str) -> None:
    """A new code of `kind` ("signup" or "reset") for the user, "mailed" as a line of the log."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    setattr(user, f"localcloud_{kind}_code", code)
    setattr(user, f"localcloud_{kind}_code_at", time.time())
    email = user.attribute_lookup.get("email", user.username)
    print(
        CODE_LINE.format(email=email, pool=user.user_pool_id, code=code),
        file=sys.stderr,
        flush=True,
    )


def _check_code(user: models.CognitoIdpUser, kind: str, code: str, validity: float) -> None:
    expected = getattr(user, f"localcloud_{kind}_code", None)
    if expected is None or not secrets.compare_digest(code, expected):
        raise CodeMismatchException("Invalid verification code provided, please try again.")
    if time.time() - getattr(user, f"localcloud_{kind}_code_at") > validity:
        raise ExpiredCodeException("Invalid code provided, please request a code again.")


def _sign_up(self: models.CognitoIdpBackend, client_id: str, username: str, *args: Any) -> Any:
    user, details = _original_sign_up(self, client_id, username, *args)
    _mail_code(user, "signup")
    return user, details


def _confirm_sign_up(self: responses.CognitoIdpResponse) -> Any:
    client_id = self._get_param("ClientId")
    username = self._get_param("Username")
    code = str(self._get_param("ConfirmationCode") or "")
    backend = self._get_region_agnostic_backend()._find_backend_for_clientid(client_id)
    pool = _pool_of_client(backend, client_id)
    user = pool._get_user(username) if pool else None
    if user is not None:
        if user.status is not models.UserStatus.UNCONFIRMED:
            raise NotAuthorizedError(
                f"User cannot be confirmed. Current status is {user.status.value}"
            )
        _check_code(user, "signup", code, CODE_VALIDITY_SECONDS)
    return _original_confirm_sign_up(self)


def _resend_confirmation_code(self: responses.CognitoIdpResponse) -> ActionResult:
    client_id = self._get_param("ClientId")
    backend = self._get_region_agnostic_backend()._find_backend_for_clientid(client_id)
    pool = _pool_of_client(backend, client_id)
    if pool is None:
        raise ResourceNotFoundError(client_id)
    user = pool._get_user(self._get_param("Username") or "")
    if user is None:
        raise UserNotFoundError("Username/client id combination not found.")
    if user.status is not models.UserStatus.UNCONFIRMED:
        raise InvalidParameterException("User is already confirmed.")
    _mail_code(user, "signup")
    email = user.attribute_lookup.get("email", user.username)
    return ActionResult(
        {
            "CodeDeliveryDetails": {
                "Destination": email,
                "DeliveryMedium": "EMAIL",
                "AttributeName": "email",
            }
        }
    )


def _forgot_password(
    self: models.CognitoIdpBackend, client_id: str, username: str
) -> tuple[str | None, dict[str, Any]]:
    _, details = _original_forgot_password(self, client_id, username)
    pool = _pool_of_client(self, client_id)
    user = pool._get_user(username) if pool else None
    if user is not None:
        _mail_code(user, "reset")
    # moto's own code travels in a response header no AWS client reads; the mailed code is the one.
    return None, details


def _confirm_forgot_password(
    self: models.CognitoIdpBackend, client_id: str, username: str, password: str, code: str
) -> None:
    pool = _pool_of_client(self, client_id)
    user = pool._get_user(username) if pool else None
    if pool is not None and user is None:
        # moto answers ResourceNotFoundException (naming the client). Cognito says the user does
        # not exist, or, where the client prevents user existence errors, that the code is wrong.
        config = pool.clients[client_id].extended_config
        if config.get("PreventUserExistenceErrors") == "ENABLED":
            raise CodeMismatchException("Invalid verification code provided, please try again.")
        raise UserNotFoundError("Username/client id combination not found.")
    if user is not None:
        _check_code(user, "reset", str(code or ""), RESET_CODE_VALIDITY_SECONDS)
        self._validate_password(pool.id, password)
        user.localcloud_reset_code = None
    _original_confirm_forgot_password(self, client_id, username, password, code)


class UnauthorizedException(JsonRESTError):
    def __init__(self, message: str) -> None:
        super().__init__("UnauthorizedException", message)


def _revoke_token(self: responses.CognitoIdpResponse) -> EmptyResult:
    """RevokeToken: the client's refresh token, and the access tokens issued from it, revoked."""
    client_id = self._get_param("ClientId")
    token = self._get_param("Token") or ""
    backend = self._get_region_agnostic_backend()._find_backend_for_clientid(client_id)
    pool = _pool_of_client(backend, client_id)
    if pool is None:
        raise ResourceNotFoundError(client_id)
    if token not in pool.refresh_tokens:
        raise InvalidParameterException("Invalid token")
    issued = pool.refresh_tokens[token]
    if issued is not None:
        token_client, _, origin_jti = issued
        if token_client != client_id:
            raise UnauthorizedException("Invalid client: the token was issued to another client")
        pool.refresh_tokens[token] = None
        for access_token in list(pool.access_tokens):
            claims = jwt.decode(access_token, options={"verify_signature": False})
            if claims.get("origin_jti") == origin_jti:
                pool.access_tokens.pop(access_token, None)
    return EmptyResult()


def _initiate_auth(
    self: models.CognitoIdpBackend,
    client_id: str,
    auth_flow: str,
    auth_parameters: dict[str, str],
) -> dict[str, Any]:
    pool = _pool_of_client(self, client_id)
    if pool is None or auth_flow != "USER_PASSWORD_AUTH":
        return _original_initiate_auth(self, client_id, auth_flow, auth_parameters)
    user = pool._get_user(auth_parameters.get("USERNAME", ""))
    key = (pool.id, user.username if user else auth_parameters.get("USERNAME", ""))
    with _lock:
        failures, locked_until = _failures.get(key, (0, 0.0))
    if time.time() < locked_until:
        # An attempt while locked out counts as a failure: the lockout keeps doubling.
        _failed(key, failures)
        raise NotAuthorizedError("Password attempts exceeded")
    prevent = pool.clients[client_id].extended_config.get("PreventUserExistenceErrors")
    try:
        result = _original_initiate_auth(self, client_id, auth_flow, auth_parameters)
    except NotAuthorizedError as exc:
        if "Incorrect username or password" in exc.message:
            _failed(key, failures)
        raise
    except UserNotFoundError:
        _failed(key, failures)
        if prevent == "ENABLED":
            raise NotAuthorizedError("Incorrect username or password.") from None
        raise
    with _lock:
        _failures.pop(key, None)
    return result


def _failed(key: tuple[str, str], failures: int) -> None:
    failures += 1
    locked_until = 0.0
    if failures >= FREE_FAILURES:
        lockout = min(2 ** (failures - FREE_FAILURES), MAX_LOCKOUT_SECONDS)
        locked_until = time.time() + lockout
    with _lock:
        _failures[key] = (failures, locked_until)


def install() -> None:
    global _INSTALLED
    if _INSTALLED:
        return
    models.CognitoIdpUserPool.create_jwt = _create_jwt  # type: ignore[method-assign]
    models.CognitoIdpBackend.sign_up = _sign_up  # type: ignore[method-assign]
    models.CognitoIdpBackend.initiate_auth = _initiate_auth  # type: ignore[method-assign]
    responses.CognitoIdpResponse.confirm_sign_up = _confirm_sign_up  # type: ignore[method-assign]
    responses.CognitoIdpResponse.resend_confirmation_code = _resend_confirmation_code  # type: ignore[attr-defined]
    responses.CognitoIdpResponse.revoke_token = _revoke_token  # type: ignore[attr-defined]
    models.CognitoIdpBackend.forgot_password = _forgot_password  # type: ignore[method-assign]
    models.CognitoIdpBackend.confirm_forgot_password = _confirm_forgot_password  # type: ignore[method-assign]
    _INSTALLED = True
