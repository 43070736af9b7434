"""The paths of the catalogue, the guest checkout and an order's status."""

from typing import Any

from django.conf import settings

from shop.openapi.parts import STRING, errors, json_body, ref
from shop.validation import MAX_ORDER_ID


def _page_param(name: str, maximum: int, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "integer", "minimum": 1, "maximum": maximum},
    }


def paths() -> dict[str, Any]:
    return {
        "/api/health": {
            "get": {
                "operationId": "health",
                "summary": "The function and its database answer",
                "responses": {
                    "200": json_body(ref("Health"), "Healthy"),
                    "503": json_body(ref("Health"), "The database is unavailable"),
                    **errors("405"),
                },
            }
        },
        "/api/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "responses": {
                    "200": json_body({"type": "object"}, "The OpenAPI document"),
                    **errors("405"),
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
                    "200": json_body(ref("ProductPage"), "One page of products"),
                    **errors("404", "405", "422"),
                },
            }
        },
        "/api/products/{sku}": {
            "get": {
                "operationId": "getProduct",
                "summary": "One product",
                "parameters": [
                    {"name": "sku", "in": "path", "required": True, "schema": STRING},
                ],
                "responses": {
                    "200": json_body(ref("Product"), "The product"),
                    **errors("404", "405"),
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
                    "content": {"application/json": {"schema": ref("OrderRequest")}},
                },
                "responses": {
                    "201": json_body(ref("PlacedOrder"), "Placed"),
                    "200": json_body(ref("PlacedOrder"), "Placed earlier with this key (replayed)"),
                    **errors("400", "405", "409", "413", "415", "422"),
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
                        "schema": STRING,
                    },
                ],
                "responses": {
                    "200": json_body(ref("Order"), "The order"),
                    **errors("401", "404", "405"),
                },
            }
        },
    }
