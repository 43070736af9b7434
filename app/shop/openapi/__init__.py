"""The shop API's OpenAPI 3.1 document, served at /api/openapi.json.

Built from the settings the views validate with (page sizes, order limits, body size), so the
document states the limits the running API enforces. tests/app/test_openapi.py checks it
against the URL routes and the views' real responses; tests/e2e/test_api_contract.py runs
Schemathesis with it against the local cloud.
"""

from functools import cache
from typing import Any

from django.conf import settings

from shop.openapi import accounts, catalogue, schemas


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
        "paths": {**catalogue.paths(), **accounts.paths()},
        "components": {
            "schemas": schemas.schemas(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
