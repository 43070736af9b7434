"""The document's component schemas: products, orders, their lines and the error envelope."""

from typing import Any

from django.conf import settings

from shop.openapi.parts import MONEY, STRING, ref


def schemas() -> dict[str, Any]:
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
            "sku": STRING,
            "name": STRING,
            "quantity": {"type": "integer", "minimum": 1},
            "unit_price": MONEY,
            "line_total": MONEY,
        },
    }
    product_fields = {
        "sku": STRING,
        "name": STRING,
        "description": STRING,
        "price": MONEY,
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
        "status_label": STRING,
        "confirmed_at": {"type": ["string", "null"], "format": "date-time"},
        "currency": {"type": "string", "minLength": 3, "maxLength": 3},
        "total": MONEY,
        "created_at": {"type": "string", "format": "date-time"},
        "lines": {"type": "array", "items": ref("OrderLine")},
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
                        "fields": {"type": "object", "additionalProperties": STRING},
                    },
                }
            },
        },
        "Health": {
            "type": "object",
            "required": ["status", "checks"],
            "properties": {
                "status": {"enum": ["ok", "error"]},
                "checks": {"type": "object", "additionalProperties": STRING},
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
                "results": {"type": "array", "items": ref("Product")},
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
                    "items": ref("OrderLineRequest"),
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
