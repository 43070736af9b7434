"""/api/auth/*: the shop's account endpoints against moto's Cognito, made strict by the emulator's
extension (mailed codes, lockout, RevokeToken), with every error as the API's JSON envelope."""

import json

import pytest

from tests.app.test_api import assert_error

EMAIL = "shopper@example.com"
PASSWORD = "Correct-horse-9"


def post(client, path: str, body: dict | None = None, **extra):
    return client.post(
        f"/api/auth/{path}",
        data=json.dumps(body or {}),
        content_type="application/json",
        **extra,
    )


def mailed_code(cognito, email: str, kind: str = "signup") -> str:
    user = cognito["backend"].user_pools[cognito["pool_id"]]._get_user(email)
    return getattr(user, f"localcloud_{kind}_code")


@pytest.fixture
def signed_up(client, cognito):
    assert post(client, "sign-up", {"email": EMAIL, "password": PASSWORD}).status_code == 201
    return EMAIL


@pytest.fixture
def confirmed(client, cognito, signed_up):
    code = mailed_code(cognito, signed_up)
    assert post(client, "confirm", {"email": signed_up, "code": code}).status_code == 200
    return signed_up


def test_sign_up_errors_name_the_field(client, cognito, signed_up):
    assert_error(
        post(client, "sign-up", {"email": EMAIL.upper(), "password": PASSWORD}),
        409,
        "already_exists",
        {"email": "already registered"},
    )
    assert_error(
        post(client, "sign-up", {"email": "new@example.com", "password": "weakweak"}),
        422,
        "validation_error",
        {"password": "too weak"},
    )
    assert_error(
        post(client, "sign-up", {"email": "not-an-address", "password": PASSWORD, "x": 1}),
        422,
        "validation_error",
        {"email": "enter a valid email address", "x": "unknown field"},
    )


def test_confirmation_needs_the_mailed_code(client, cognito, signed_up):
    assert_error(
        post(client, "sign-in", {"email": EMAIL, "password": PASSWORD}),
        403,
        "account_unconfirmed",
        {"email": "not confirmed yet"},
    )
    code = mailed_code(cognito, EMAIL)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert_error(
        post(client, "confirm", {"email": EMAIL, "code": wrong}),
        422,
        "validation_error",
        {"code": "wrong code"},
    )
    user = cognito["backend"].user_pools[cognito["pool_id"]]._get_user(EMAIL)
    user.localcloud_signup_code_at -= 25 * 3600
    assert_error(
        post(client, "confirm", {"email": EMAIL, "code": code}),
        422,
        "validation_error",
        {"code": "expired"},
    )
    assert post(client, "resend-code", {"email": EMAIL}).status_code == 200
    fresh = mailed_code(cognito, EMAIL)
    assert post(client, "confirm", {"email": EMAIL, "code": fresh}).status_code == 200
    assert_error(
        post(client, "confirm", {"email": EMAIL, "code": fresh}),
        409,
        "already_exists",
        {"email": "already confirmed"},
    )


def test_sign_in_gives_tokens_in_the_body_and_the_refresh_token_in_a_strict_cookie(
    client, confirmed
):
    response = post(client, "sign-in", {"email": confirmed, "password": PASSWORD})
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"access_token", "id_token", "expires_in", "token_type"}
    assert response["Cache-Control"] == "no-store"
    cookie = response.cookies["shop_refresh"]
    assert cookie.value and cookie.value not in response.content.decode()
    assert cookie["path"] == "/api/auth/"
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Strict"
    assert cookie["max-age"] == 30 * 86400

    refreshed = post(client, "refresh")
    assert refreshed.status_code == 200, refreshed.content
    assert refreshed.json()["access_token"]
    assert "shop_refresh" not in refreshed.cookies


def test_sign_out_revokes_the_refresh_token_and_clears_the_cookie(client, confirmed):
    post(client, "sign-in", {"email": confirmed, "password": PASSWORD})
    refresh_token = client.cookies["shop_refresh"].value
    response = post(client, "sign-out")
    assert response.status_code == 204
    cleared = response.cookies["shop_refresh"]
    assert cleared.value == "" and cleared["max-age"] == 0 and cleared["path"] == "/api/auth/"
    # The revoked token itself, sent again: Cognito refuses it, and the cookie is cleared.
    client.cookies["shop_refresh"] = refresh_token
    refused = post(client, "refresh")
    assert_error(refused, 401, "not_signed_in")
    assert refused.cookies["shop_refresh"].value == ""
    assert post(client, "sign-out").status_code == 204


def test_refresh_without_a_cookie_is_401(client, cognito):
    assert_error(post(client, "refresh"), 401, "not_signed_in")


def test_wrong_passwords_then_lockout(client, confirmed):
    wrong = {"email": confirmed, "password": "Wrong-horse-9"}
    for _ in range(5):
        assert_error(
            post(client, "sign-in", wrong),
            401,
            "not_signed_in",
            {"password": "wrong email or password"},
        )
    # Locked out: even the right password is refused for now.
    assert_error(
        post(client, "sign-in", {"email": confirmed, "password": PASSWORD}),
        429,
        "too_many_attempts",
        {"password": "too many failed attempts"},
    )


def test_unknown_address_fails_like_a_wrong_password(client, cognito):
    assert_error(
        post(client, "sign-in", {"email": "nobody@example.com", "password": PASSWORD}),
        401,
        "not_signed_in",
        {"password": "wrong email or password"},
    )


def test_forgotten_password_is_reset_with_the_mailed_code(client, cognito, confirmed):
    assert post(client, "forgot-password", {"email": confirmed}).status_code == 200
    code = mailed_code(cognito, confirmed, "reset")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    new_password = "Battery-staple-7"
    assert_error(
        post(
            client,
            "confirm-forgot-password",
            {"email": confirmed, "code": wrong, "password": new_password},
        ),
        422,
        "validation_error",
        {"code": "wrong code"},
    )
    assert_error(
        post(
            client,
            "confirm-forgot-password",
            {"email": confirmed, "code": code, "password": "short"},
        ),
        422,
        "validation_error",
        {"password": "too weak"},
    )
    reset = post(
        client,
        "confirm-forgot-password",
        {"email": confirmed, "code": code, "password": new_password},
    )
    assert reset.status_code == 200, reset.content
    assert (
        post(client, "sign-in", {"email": confirmed, "password": new_password}).status_code == 200
    )
    assert_error(
        post(client, "sign-in", {"email": confirmed, "password": PASSWORD}), 401, "not_signed_in"
    )


def test_without_a_configured_pool_accounts_answer_503(client, settings):
    settings.SHOP_COGNITO_CLIENT_ID = ""
    assert_error(
        post(client, "sign-in", {"email": EMAIL, "password": PASSWORD}), 503, "service_unavailable"
    )
