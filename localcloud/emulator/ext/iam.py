"""IAM in the emulator: conditions evaluated as IAM does, and enforcement for issued credentials.

1. moto 5.2 treats a condition on a key the request does not carry as satisfied, so the usual
   bucket policy guard `Deny s3:* if aws:SecureTransport = false` denies every S3 write. On AWS a
   missing key fails the test, and the emulator stands in for AWS's TLS endpoints, so requests
   carry aws:SecureTransport = true. A statement whose conditions do not hold does not apply.
2. Requests signed with a key moto issued (the deploy role's session, see
   localcloud.environment.bootstrap) are authorized as AWS would: localcloud.iam.enforcement.
   Every denial is logged as `localcloud-iam DENIED <action> <resource>` in moto's log.
"""

from __future__ import annotations

import logging
from typing import Any

from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.exceptions import JsonRESTError, _RESTError
from moto.core.utils import get_service_model
from moto.iam import access_control
from moto.iam.models import iam_backends
from moto.s3.exceptions import S3AccessDeniedError
from moto.utilities.utils import get_partition

from localcloud.iam import enforcement
from localcloud.iam.policy import conditions_hold

log = logging.getLogger("localcloud.iam")

_INSTALLED = False
_original_statement = access_control.IAMPolicyStatement.is_action_permitted
_original_authorize = ActionAuthenticatorMixin._authenticate_and_authorize_action
REQUEST_CONTEXT = enforcement.TLS_CONTEXT


def _is_action_permitted(
    self: access_control.IAMPolicyStatement,
    action: str,
    resource: str = "*",
    principal: str | None = None,
    incoming_condition_values: dict[str, str] | None = None,
) -> Any:
    conditions = self._statement.get("Condition")
    if not conditions:
        return _original_statement(self, action, resource, principal, incoming_condition_values)
    context = {**REQUEST_CONTEXT, **(incoming_condition_values or {})}
    # Operators not implemented locally keep moto's lenient answer.
    if not conditions_hold(conditions, context, unknown_operator=True):
        return access_control.PermissionResult.NEUTRAL
    unconditional = access_control.IAMPolicyStatement(
        {k: v for k, v in self._statement.items() if k != "Condition"}
    )
    return _original_statement(
        unconditional, action, resource, principal, incoming_condition_values
    )


def _role_boundary(account: str, region: str, params: dict[str, Any]) -> str | None:
    name = enforcement._param(params, "RoleName")
    if not name:
        return None
    try:
        role = iam_backends[account][get_partition(region)].get_role(name)
    except Exception:  # a role that does not exist has no boundary
        return None
    return getattr(role, "permissions_boundary_arn", None)


def _authorize(self: Any, iam_request_cls: type, resource: str = "*") -> None:
    query = self.uri.partition("?")[2] if isinstance(self.uri, str) else ""
    if enforcement.issued_key(self.headers, query) is None:
        # The administrator (dummy keys): moto's own rule, unenforced unless configured.
        _original_authorize(self, iam_request_cls, resource)
        return
    path = self.raw_path + (f"?{query}" if query else "")
    operation = self._get_action()
    iam_request = iam_request_cls(
        account_id=self.current_account, method=self.method, path=path, data=self.data,
        body=self.raw_body, headers=self.headers, action=operation,
    )  # fmt: skip
    # No check_signature(): the issued key already names the session, and moto's recomputed
    # signature differs from the SDKs' for some paths (Lambda's /2015-03-31/functions/...).
    if iam_request._action == "sts:GetCallerIdentity":
        return  # AWS answers it for any valid credentials
    params = enforcement.request_params(self.data, self.body)
    request = enforcement.Request(
        service=iam_request._service, operation=str(operation), method=self.method, path=path,
        region=iam_request._region, account=self.current_account, params=params,
        resource=resource,
    )  # fmt: skip
    checks = enforcement.describe(
        request, role_boundary=_role_boundary(self.current_account, request.region, params)
    )
    documents = [
        access_control.IAMPolicy(p)._policy_json for p in iam_request._access_key.collect_policies()
    ]
    failed = enforcement.denied(documents, checks)
    if failed is None:
        return
    principal = iam_request._access_key.arn
    log.warning("localcloud-iam DENIED %s %s for %s", failed.action, failed.resource, principal)
    text = enforcement.message(principal, failed)
    if issubclass(iam_request_cls, access_control.S3IAMRequest):
        error = S3AccessDeniedError()
        error.message = text
        raise error
    protocol = _protocol(self)
    if protocol in {"json", "rest-json"}:
        raise _JsonAccessDenied("AccessDeniedException", text)
    raise _XmlAccessDenied(text, ec2=protocol == "ec2")


class _JsonAccessDenied(JsonRESTError):
    code = 403


class _XmlAccessDenied(_RESTError):
    """AccessDenied (or `error_type`) in the shape the query and rest-xml protocols use (moto's
    own AccessDeniedError nests it in <Errors>, which only EC2 does, so other SDK clients read it
    as UnknownError and retry)."""

    code = 403

    def __init__(
        self, message: str, *, ec2: bool, error_type: str | None = None, status: int = 403
    ) -> None:
        error_type = error_type or ("UnauthorizedOperation" if ec2 else "AccessDenied")
        self.code = status
        super().__init__(error_type, message)
        from xmltodict import unparse

        error = {"Type": "Sender", "Code": error_type, "Message": message}
        body = (
            {"Response": {"Errors": {"Error": error}, "RequestID": "localcloud"}}
            if ec2
            else {"ErrorResponse": {"Error": error, "RequestId": "localcloud"}}
        )
        self.description = unparse(body, full_document=True)


def _protocol(response: Any) -> str:
    try:
        return str(get_service_model(response.boto3_service_name).protocol)
    except Exception:  # a service botocore does not model answers in XML
        return "query"


def install() -> None:
    global _INSTALLED
    if _INSTALLED:
        return
    access_control.IAMPolicyStatement.is_action_permitted = _is_action_permitted  # type: ignore[method-assign]
    ActionAuthenticatorMixin._authenticate_and_authorize_action = _authorize  # type: ignore[method-assign]
    _INSTALLED = True
