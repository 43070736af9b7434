"""The shop API's OpenAPI 3.1 document, served at /api/openapi.json.

Built from the settings the views validate with (page sizes, order limits, body size), so the
document states the limits the running API enforces. tests/app/test_openapi.py checks it
against the URL routes and the views' real responses; tests/e2e/test_api_contract.py runs
Schemathesis with it against the local cloud.
"""

from functools import cache
from typing import Any

from django.conf import settings

from shop.validation import MAX_ORDER_ID

_STRING = {"type": "string"}
_MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "description": "A decimal amount"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(_ref("Error"), description)


def _errors(*statuses: str) -> dict[str, Any]:
    described = {
        "400": "The body is not valid JSON",
        "401": "The order token is missing",
        "404": "No such resource (or page)",
        "405": "The method is not allowed here (the Allow header lists the allowed ones)",
        "409": "Not enough stock, or the account exists",
        "403": "The account is not confirmed yet",
        "413": "The body is larger than the limit",
        "415": "The body is not application/json",
        "422": "A field is invalid (`fields` names each)",
        "429": "Too many attempts; try again later",
        "503": "The accounts service did not answer",
    }
    return {status: _error(described[status]) for status in statuses}


def _schemas() -> dict[str, Any]:
    line_request = {
        "type": "object",
        "additionalProperties": False,
        "required": ["sku", "quantity"],
        "properties": {
            "sku": {"type": "string", "minLength": 1, "maxLength": 64},
            "quantity": {
                "type": "integer",
                "minimum": 1,
                "maximum": settings.SHOP_MAX_QUANTITY_PER_LINE,
            },
        },
    }
    order_line = {
        "type": "object",
        "additionalProperties": False,
        "required": ["sku", "name", "quantity", "unit_price", "line_total"],
        "properties": {
            "sku": _STRING,
            "name": _STRING,
            "quantity": {"type": "integer", "minimum": 1},
            "unit_price": _MONEY,
            "line_total": _MONEY,
        },
    }
    product_fields = {
        "sku": _STRING,
        "name": _STRING,
        "description": _STRING,
        "price": _MONEY,
        "currency": {"type": "string", "minLength": 3, "maxLength": 3},
        "stock": {"type": "integer", "minimum": 0},
        "available": {"type": "boolean"},
        "max_quantity": {
            "type": "integer",
            "minimum": 0,
            "maximum": settings.SHOP_MAX_QUANTITY_PER_LINE,
        },
        "image_url": {"type": "string", "format": "uri"},
    }
    order_fields = {
        "id": {"type": "integer", "minimum": 1},
        "email": {"type": "string", "format": "email"},
        "status": {"enum": ["placed", "confirmed"]},
        "status_label": _STRING,
        "confirmed_at": {"type": ["string", "null"], "format": "date-time"},
        "currency": {"type": "string", "minLength": 3, "maxLength": 3},
        "total": _MONEY,
        "created_at": {"type": "string", "format": "date-time"},
        "lines": {"type": "array", "items": _ref("OrderLine")},
    }
    return {
        "Error": {
            "type": "object",
            "additionalProperties": False,
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["code", "message"],
                    "properties": {
                        "code": {"type": "string", "pattern": "^[a-z_]+$"},
                        "message": {"type": "string", "minLength": 1},
                        "fields": {"type": "object", "additionalProperties": _STRING},
                    },
                }
            },
        },
        "Health": {
            "type": "object",
            "required": ["status", "checks"],
            "properties": {
                "status": {"enum": ["ok", "error"]},
                "checks": {"type": "object", "additionalProperties": _STRING},
            },
        },
        "Product": {
            "type": "object",
            "additionalProperties": False,
            "required": list(product_fields),
            "properties": product_fields,
        },
        "ProductPage": {
            "type": "object",
            "additionalProperties": False,
            "required": ["count", "page", "page_size", "num_pages", "results"],
            "properties": {
                "count": {"type": "integer", "minimum": 0},
                "page": {"type": "integer", "minimum": 1},
                "page_size": {"type": "integer", "minimum": 1},
                "num_pages": {"type": "integer", "minimum": 1},
                "results": {"type": "array", "items": _ref("Product")},
            },
        },
        "OrderRequest": {
            "type": "object",
            "additionalProperties": False,
            "required": ["email", "lines"],
            "properties": {
                "email": {"type": "string", "format": "email"},
                "lines": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": settings.SHOP_MAX_LINES,
                    "items": _ref("OrderLineRequest"),
                },
            },
        },
        "OrderLineRequest": line_request,
        "OrderLine": order_line,
        "Order": {
            "type": "object",
            "additionalProperties": False,
            "required": list(order_fields),
            "properties": order_fields,
        },
        "PlacedOrder": {
            "type": "object",
            "additionalProperties": False,
            "required": [*order_fields, "token"],
            "properties": {
                **order_fields,
                "token": {"type": "string", "minLength": 1, "description": "Send as X-Order-Token"},
            },
        },
    }


def _page_param(name: str, maximum: int, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "integer", "minimum": 1, "maximum": maximum},
    }


def _paths() -> dict[str, Any]:
    return {
        "/api/health": {
            "get": {
                "operationId": "health",
                "summary": "The function and its database answer",
                "responses": {
                    "200": _json(_ref("Health"), "Healthy"),
                    "503": _json(_ref("Health"), "The database is unavailable"),
                    **_errors("405"),
                },
            }
        },
        "/api/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "responses": {
                    "200": _json({"type": "object"}, "The OpenAPI document"),
                    **_errors("405"),
                },
            }
        },
        "/api/products": {
            "get": {
                "operationId": "listProducts",
                "summary": "The catalogue, a page at a time",
                "parameters": [
                    _page_param("page", 10**6, "Page number"),
                    _page_param("page_size", settings.SHOP_MAX_PAGE_SIZE, "Products per page"),
                ],
                "responses": {
                    "200": _json(_ref("ProductPage"), "One page of products"),
                    **_errors("404", "405", "422"),
                },
            }
        },
        "/api/products/{sku}": {
            "get": {
                "operationId": "getProduct",
                "summary": "One product",
                "parameters": [
                    {"name": "sku", "in": "path", "required": True, "schema": _STRING},
                ],
                "responses": {
                    "200": _json(_ref("Product"), "The product"),
                    **_errors("404", "405"),
                },
            }
        },
        "/api/orders": {
            "post": {
                "operationId": "placeOrder",
                "summary": "Check out: reserve the stock and place the order",
                "parameters": [
                    {
                        "name": "Idempotency-Key",
                        "in": "header",
                        "required": True,
                        "description": "A retried checkout with the same key never orders twice",
                        "schema": {"type": "string", "pattern": "^[\\x21-\\x7e]{1,255}$"},
                    }
                ],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("OrderRequest")}},
                },
                "responses": {
                    "201": _json(_ref("PlacedOrder"), "Placed"),
                    "200": _json(_ref("PlacedOrder"), "Placed earlier with this key (replayed)"),
                    **_errors("400", "405", "409", "413", "415", "422"),
                },
            }
        },
        "/api/orders/{order_id}": {
            "get": {
                "operationId": "getOrder",
                "summary": "One order, for the holder of its token",
                "parameters": [
                    {
                        "name": "order_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ORDER_ID},
                    },
                    {
                        "name": "X-Order-Token",
                        "in": "header",
                        "required": True,
                        "description": "The token the order was placed with",
                        "schema": _STRING,
                    },
                ],
                "responses": {
                    "200": _json(_ref("Order"), "The order"),
                    **_errors("401", "404", "405"),
                },
            }
        },
    }


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
    "properties": {"status": _STRING, "email": {"type": "string", "format": "email"}},
}
_TOKENS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["access_token", "id_token", "expires_in", "token_type"],
    "properties": {
        "access_token": _STRING,
        "id_token": _STRING,
        "expires_in": {"type": "integer"},
        "token_type": {"const": "Bearer"},
    },
}
# API Gateway's JWT authorizer answers a missing or bad token itself, in its own shape; the
# view's own refusal (no verified claims reached it) is the envelope.
_AUTHORIZER_401 = _json(
    {
        "anyOf": [
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["message"],
                "properties": {"message": {"const": "Unauthorized"}},
            },
            _ref("Error"),
        ]
    },
    "No valid access token (API Gateway's JWT authorizer)",
)

# The auth endpoints that call Cognito are throttled by route at API Gateway (terraform/'s
# auth_throttling), which then answers in its own shape before Django runs; Cognito's own limits
# (an account locked out after failed sign-ins) are the envelope.
_THROTTLED_429 = _json(
    {
        "anyOf": [
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["message"],
                "properties": {"message": {"const": "Too Many Requests"}},
            },
            _ref("Error"),
        ]
    },
    "Too many attempts; try again later (API Gateway's throttle, or Cognito's)",
)


def _form(fields: tuple[str, ...]) -> dict[str, Any]:
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": list(fields),
        "properties": {name: _FORM_FIELDS[name] for name in fields},
    }
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _account_paths() -> dict[str, Any]:
    paths: dict[str, Any] = {
        f"/api/auth/{name}": {
            "post": {
                "operationId": name,
                "summary": summary,
                "requestBody": _form(fields),
                "responses": {
                    status: _json(_STATUS, summary),
                    **_errors(*_FORM_ERRORS),
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
                "200": _json(_TOKENS, "Signed in"),
                **_errors(*_FORM_ERRORS),
                "429": _THROTTLED_429,
            },
        }
    }
    paths["/api/auth/refresh"] = {
        "post": {
            "operationId": "refresh",
            "summary": "New tokens from the refresh cookie",
            "responses": {"200": _json(_TOKENS, "Refreshed"), **_errors("401", "405", "503")},
        }
    }
    paths["/api/auth/sign-out"] = {
        "post": {
            "operationId": "sign-out",
            "summary": "Revoke the refresh token and clear its cookie",
            "responses": {"204": {"description": "Signed out"}, **_errors("405")},
        }
    }
    signed_in = [{"bearer": []}]
    checkout = _paths()["/api/orders"]["post"]
    paths["/api/me/orders"] = {
        "get": {
            "operationId": "myOrders",
            "summary": "The signed-in shopper's orders, newest first",
            "security": signed_in,
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["results"],
                        "properties": {"results": {"type": "array", "items": _ref("Order")}},
                    },
                    "The orders",
                ),
                "401": _AUTHORIZER_401,
                **_errors("405"),
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


@cache
def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "lambda-shop API",
            "version": "1",
            "description": (
                "Every error is a JSON envelope: "
                '{"error": {"code": ..., "message": ..., "fields": {...}}}. '
                f"Bodies are limited to {settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024} KB."
            ),
        },
        "paths": {**_paths(), **_account_paths()},
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
