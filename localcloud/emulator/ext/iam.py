"""Policy conditions evaluated as IAM does.

moto 5.2 treats a condition on a key the request does not carry as satisfied, so the usual bucket
policy guard `Deny s3:* if aws:SecureTransport = false` denies every S3 write (the function could
not store media, Terraform could not upload the static files). On AWS a missing key fails the test,
and the emulator stands in for AWS's TLS endpoints, so requests carry aws:SecureTransport = true.
A statement whose conditions do not hold does not apply.
"""

from __future__ import annotations

from typing import Any

from moto.iam import access_control

from localcloud.iam.policy import conditions_hold

_INSTALLED = False
_original = access_control.IAMPolicyStatement.is_action_permitted
# What every request to the emulator carries, as requests to AWS's HTTPS endpoints do.
REQUEST_CONTEXT = {"aws:SecureTransport": "true"}


def _is_action_permitted(
    self: access_control.IAMPolicyStatement,
    action: str,
    resource: str = "*",
    principal: str | None = None,
    incoming_condition_values: dict[str, str] | None = None,
) -> Any:
    conditions = self._statement.get("Condition")
    if not conditions:
        return _original(self, action, resource, principal, incoming_condition_values)
    context = {**REQUEST_CONTEXT, **(incoming_condition_values or {})}
    # Operators not implemented locally keep moto's lenient answer.
    if not conditions_hold(conditions, context, unknown_operator=True):
        return access_control.PermissionResult.NEUTRAL
    unconditional = access_control.IAMPolicyStatement(
        {k: v for k, v in self._statement.items() if k != "Condition"}
    )
    return _original(unconditional, action, resource, principal, incoming_condition_values)


def install() -> None:
    global _INSTALLED
    if _INSTALLED:
        return
    statement = access_control.IAMPolicyStatement
    statement.is_action_permitted = _is_action_permitted  # type: ignore[method-assign]
    _INSTALLED = True
