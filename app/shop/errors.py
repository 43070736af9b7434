"""Errors the API turns into 4xx JSON: {"error": {"code", "message", "fields"}}."""

from collections.abc import Mapping


class ShopError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, fields: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = dict(fields or {})

    def as_dict(self) -> dict:
        body: dict = {"code": self.code, "message": self.message}
        if self.fields:
            body["fields"] = self.fields
        return {"error": body}


class ValidationFailed(ShopError):
    status = 422
    code = "validation_error"


class MalformedRequest(ShopError):
    status = 400
    code = "malformed_request"


class UnsupportedMediaType(ShopError):
    status = 415
    code = "unsupported_media_type"


class PayloadTooLarge(ShopError):
    status = 413
    code = "payload_too_large"


class NotFound(ShopError):
    status = 404
    code = "not_found"


class OutOfStock(ShopError):
    status = 409
    code = "out_of_stock"


class IdempotencyConflict(ShopError):
    status = 422
    code = "idempotency_key_reused"


class NotSignedIn(ShopError):
    status = 401
    code = "not_signed_in"


class AccountUnconfirmed(ShopError):
    status = 403
    code = "account_unconfirmed"


class AlreadyExists(ShopError):
    status = 409
    code = "already_exists"


class TooManyAttempts(ShopError):
    status = 429
    code = "too_many_attempts"


class ServiceUnavailable(ShopError):
    status = 503
    code = "service_unavailable"
