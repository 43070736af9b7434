"""The paths of customer accounts: /api/auth/* (Cognito through the shop) and /api/me/*."""

from typing import Any

from shop.openapi import catalogue
from shop.openapi.parts import STRING, errors, gateway_or_envelope, json_body, ref

# What every account form can be refused with (shop.accounts.cognito maps Cognito's errors).
_FORM_ERRORS = ("400", "401", "403", "405", "409", "413", "415", "422", "429", "503")
_FORMS = {
    "sign-up": (("email", "password"), "201", "Create an account; a code is mailed to confirm it"),
    "confirm": (("email", "code"), "200", "Confirm the account with the mailed code"),
    "resend-code": (("email",), "200", "Mail the confirmation code again"),
    "forgot-password": (("email",), "200", "Mail a password reset code"),
    "confirm-forgot-password": (
        ("email", "code", "password"),
        "200",
        "Set a new password with the mailed code",
    ),
}
_FORM_FIELDS = {
    "email": {"type": "string", "format": "email"},
    "password": {"type": "string", "minLength": 1, "maxLength": 256},
    "code": {"type": "string", "pattern": "^\\d{6}$"},
}
_STATUS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["status", "email"],
    "properties": {"status": STRING, "email": {"type": "string", "format": "email"}},
}
_TOKENS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["access_token", "id_token", "expires_in", "token_type"],
    "properties": {
        "access_token": STRING,
        "id_token": STRING,
        "expires_in": {"type": "integer"},
        "token_type": {"const": "Bearer"},
    },
}
# API Gateway's JWT authorizer answers a missing or bad token itself, in its own shape; the
# view's own refusal (no verified claims reached it) is the envelope.
_AUTHORIZER_401 = gateway_or_envelope(
    "Unauthorized", "No valid access token (API Gateway's JWT authorizer)"
)

# The auth endpoints that call Cognito are throttled by route at API Gateway (terraform/'s
# auth_throttling), which then answers in its own shape before Django runs; Cognito's own limits
# (an account locked out after failed sign-ins) are the envelope.
_THROTTLED_429 = gateway_or_envelope(
    "Too Many Requests", "Too many attempts; try again later (API Gateway's throttle, or Cognito's)"
)


def _form(fields: tuple[str, ...]) -> dict[str, Any]:
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": list(fields),
        "properties": {name: _FORM_FIELDS[name] for name in fields},
    }
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def paths() -> dict[str, Any]:
    paths: dict[str, Any] = {
        f"/api/auth/{name}": {
            "post": {
                "operationId": name,
                "summary": summary,
                "requestBody": _form(fields),
                "responses": {
                    status: json_body(_STATUS, summary),
                    **errors(*_FORM_ERRORS),
                    "429": _THROTTLED_429,
                },
            }
        }
        for name, (fields, status, summary) in _FORMS.items()
    }
    paths["/api/auth/sign-in"] = {
        "post": {
            "operationId": "sign-in",
            "summary": "Sign in: tokens in the body, the refresh token in an HttpOnly cookie",
            "requestBody": _form(("email", "password")),
            "responses": {
                "200": json_body(_TOKENS, "Signed in"),
                **errors(*_FORM_ERRORS),
                "429": _THROTTLED_429,
            },
        }
    }
    paths["/api/auth/refresh"] = {
        "post": {
            "operationId": "refresh",
            "summary": "New tokens from the refresh cookie",
            "responses": {"200": json_body(_TOKENS, "Refreshed"), **errors("401", "405", "503")},
        }
    }
    paths["/api/auth/sign-out"] = {
        "post": {
            "operationId": "sign-out",
            "summary": "Revoke the refresh token and clear its cookie",
            "responses": {"204": {"description": "Signed out"}, **errors("405")},
        }
    }
    signed_in = [{"bearer": []}]
    checkout = catalogue.paths()["/api/orders"]["post"]
    paths["/api/me/orders"] = {
        "get": {
            "operationId": "myOrders",
            "summary": "The signed-in shopper's orders, newest first",
            "security": signed_in,
            "responses": {
                "200": json_body(
                    {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["results"],
                        "properties": {"results": {"type": "array", "items": ref("Order")}},
                    },
                    "The orders",
                ),
                "401": _AUTHORIZER_401,
                **errors("405"),
            },
        },
        "post": {
            **checkout,
            "operationId": "placeMyOrder",
            "summary": "Check out signed in: the order is linked to the shopper",
            "security": signed_in,
            "responses": {**checkout["responses"], "401": _AUTHORIZER_401},
        },
    }
    return paths
