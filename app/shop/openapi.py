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
        "409": "Not enough stock",
        "413": "The body is larger than the limit",
        "415": "The body is not application/json",
        "422": "A field is invalid (`fields` names each)",
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
        "paths": _paths(),
        "components": {"schemas": _schemas()},
    }
