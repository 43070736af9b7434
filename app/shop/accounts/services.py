"""Account actions: each one Cognito call for the shop's public client. Keyword-only and typed.

Nothing here touches the database (the account lives in the user pool), so nothing is atomic.
"""

from __future__ import annotations

from dataclasses import dataclass

from shop.accounts import cognito


@dataclass(frozen=True)
class Tokens:
    access_token: str
    id_token: str
    expires_in: int
    # Only sign-in issues one; a refresh keeps the cookie's.
    refresh_token: str | None = None


def sign_up(*, email: str, password: str) -> None:
    cognito.call(
        "sign_up",
        Username=email,
        Password=password,
        UserAttributes=[{"Name": "email", "Value": email}],
    )


def confirm_sign_up(*, email: str, code: str) -> None:
    cognito.call("confirm_sign_up", Username=email, ConfirmationCode=code)


def resend_code(*, email: str) -> None:
    cognito.call("resend_confirmation_code", Username=email)


def sign_in(*, email: str, password: str) -> Tokens:
    result = cognito.call(
        "initiate_auth",
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": password},
    )
    return _tokens(result)


def refresh(*, refresh_token: str) -> Tokens:
    result = cognito.call(
        "initiate_auth",
        purpose="initiate_auth_refresh",
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": refresh_token},
    )
    return _tokens(result)


def sign_out(*, refresh_token: str) -> None:
    """Revoke the refresh token: it, and the tokens issued from it, refresh no more."""
    cognito.call("revoke_token", Token=refresh_token)


def forgot_password(*, email: str) -> None:
    cognito.call("forgot_password", Username=email)


def confirm_forgot_password(*, email: str, code: str, password: str) -> None:
    cognito.call(
        "confirm_forgot_password", Username=email, ConfirmationCode=code, Password=password
    )


def _tokens(result: dict) -> Tokens:
    auth = result.get("AuthenticationResult")
    if not auth:
        # A challenge (MFA, new password): the pool is configured not to ask for any.
        raise cognito.as_shop_error("initiate_auth", "ChallengeRequired", "")
    return Tokens(
        access_token=auth["AccessToken"],
        id_token=auth["IdToken"],
        expires_in=int(auth.get("ExpiresIn", 0)),
        refresh_token=auth.get("RefreshToken"),
    )
