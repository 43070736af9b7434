"""Turns untrusted request data into service arguments, or a ValidationFailed naming each field."""

import json
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest

from shop.errors import MalformedRequest, UnsupportedMediaType, ValidationFailed
from shop.services import LineRequest

# PostgreSQL's bigint (BigAutoField): a larger id in the path names no order, and must not reach
# the database, which refuses to compare with it.
MAX_ORDER_ID = 2**63 - 1
_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
_ORDER_FIELDS = {"email", "lines"}
_LINE_FIELDS = {"sku", "quantity"}


def json_body(request: HttpRequest) -> Any:
    content_type = request.content_type or ""
    if content_type != "application/json":
        raise UnsupportedMediaType(
            f"Send the body as application/json, not {content_type or 'no content type'}."
        )
    try:
        return json.loads(request.body or b"")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedRequest(f"The body is not valid JSON: {exc}.") from None


def idempotency_key(request: HttpRequest) -> str:
    key = request.headers.get("Idempotency-Key", "")
    if not key:
        raise ValidationFailed(
            "The Idempotency-Key header is required, so a retried checkout never orders twice.",
            fields={"Idempotency-Key": "required"},
        )
    if not _IDEMPOTENCY_KEY.match(key):
        raise ValidationFailed(
            "The Idempotency-Key header must be 1 to 255 printable ASCII characters.",
            fields={"Idempotency-Key": "invalid"},
        )
    return key


def order_request(data: Any) -> tuple[str, list[LineRequest]]:
    if not isinstance(data, dict):
        raise ValidationFailed("The body must be a JSON object with email and lines.")
    errors: dict[str, str] = {}
    for field in sorted(set(data) - _ORDER_FIELDS):
        errors[field] = "unknown field"
    for field in sorted(_ORDER_FIELDS - set(data)):
        errors[field] = "required"

    email = data.get("email")
    if "email" in data:
        errors.update(email_errors(email))

    lines: list[LineRequest] = []
    if "lines" in data:
        lines = _lines(data["lines"], errors)

    if errors:
        raise ValidationFailed(_summary(errors), fields=errors)
    return email.strip().lower(), lines


def positive_int_param(request: HttpRequest, name: str, *, default: int, maximum: int) -> int:
    raw = request.GET.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise ValidationFailed(
            f"{name} must be a whole number from 1 to {maximum}.", fields={name: "invalid"}
        )
    return int(raw)


def email_errors(email: Any) -> dict[str, str]:
    if not isinstance(email, str) or not email.strip():
        return {"email": "enter an email address"}
    try:
        validate_email(email.strip())
    except ValidationError:
        return {"email": "enter a valid email address"}
    return {}


def _lines(raw: Any, errors: dict[str, str]) -> list[LineRequest]:
    max_lines = settings.SHOP_MAX_LINES
    if not isinstance(raw, list) or not raw:
        errors["lines"] = "must be a non-empty list"
        return []
    if len(raw) > max_lines:
        errors["lines"] = f"at most {max_lines} lines per order"
        return []
    lines: list[LineRequest] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        prefix = f"lines[{index}]"
        if not isinstance(item, dict):
            errors[prefix] = "must be an object with sku and quantity"
            continue
        for field in sorted(set(item) - _LINE_FIELDS):
            errors[f"{prefix}.{field}"] = "unknown field"
        sku, quantity = item.get("sku"), item.get("quantity")
        if not isinstance(sku, str) or not 1 <= len(sku) <= 64:
            errors[f"{prefix}.sku"] = "must be a product sku"
        elif sku in seen:
            errors[f"{prefix}.sku"] = "appears twice; put the whole quantity on one line"
        else:
            seen.add(sku)
        quantity_error = _quantity_error(quantity)
        if quantity_error:
            errors[f"{prefix}.quantity"] = quantity_error
        if not any(key.startswith(prefix) for key in errors):
            lines.append(LineRequest(sku=sku, quantity=quantity))
    return lines


def _quantity_error(quantity: Any) -> str | None:
    limit = settings.SHOP_MAX_QUANTITY_PER_LINE
    # bool is an int in Python, but `true` is not a quantity.
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        return "must be a positive whole number"
    if quantity > limit:
        return f"at most {limit} per line"
    return None


def _summary(errors: dict[str, str]) -> str:
    first = next(iter(errors.items()))
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"Invalid order: {first[0]} {first[1]}{more}."
