"""CloudFront operations moto 5.2 does not have, and a field it drops.

- PublishFunction / UpdateFunction, and the LIVE stage of a CloudFront Function: the AWS provider
  publishes functions (`publish = true`), and the distribution runs the LIVE code.
- Response headers policies (create/get/get config/update/delete/list).
- Distributions read back as written, so a second apply plans no change: cache behaviours keep
  their FunctionAssociations (moto answers Quantity 0, which would also hide the viewer-request
  function from the local edge), origins keep OriginAccessControlId and S3OriginConfig, and moto
  no longer invents legacy ForwardedValues for behaviours that use a cache policy, nor an
  SSLSupportMethod for the default certificate.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

from moto.cloudfront import models, responses, urls
from moto.cloudfront.exceptions import (
    CloudFrontException,
    InvalidIfMatchVersion,
    NoSuchFunctionExists,
)
from moto.core.responses import ActionResult, EmptyResult
from moto.core.utils import utcnow

_INSTALLED = False


class NoSuchResponseHeadersPolicy(CloudFrontException):
    code = 404

    def __init__(self, policy_id: str) -> None:
        super().__init__(
            "NoSuchResponseHeadersPolicy",
            f"The response headers policy {policy_id} does not exist.",
        )


class ResponseHeadersPolicyAlreadyExists(CloudFrontException):
    code = 409

    def __init__(self, name: str) -> None:
        super().__init__(
            "ResponseHeadersPolicyAlreadyExists",
            f"A response headers policy named {name} already exists.",
        )


class PreconditionFailed(CloudFrontException):
    code = 412

    def __init__(self) -> None:
        super().__init__("PreconditionFailed", "The If-Match version does not match.")


class ResponseHeadersPolicy:
    def __init__(self, config: dict[str, Any]) -> None:
        self.id = str(uuid.uuid4())
        self.config = config
        self.last_modified_time = utcnow()
        self.etag = models.random_id()

    def as_dict(self) -> dict[str, Any]:
        return {
            "Id": self.id,
            "LastModifiedTime": self.last_modified_time,
            "ResponseHeadersPolicyConfig": self.config,
        }


# --- backend -----------------------------------------------------------------------------------


def _rhps(backend: models.CloudFrontBackend) -> dict[str, ResponseHeadersPolicy]:
    # Stored on the backend instance, so moto's reset (and per-account backends) apply as usual.
    if not hasattr(backend, "_localcloud_rhps"):
        backend._localcloud_rhps = {}  # type: ignore[attr-defined]
    return backend._localcloud_rhps  # type: ignore[attr-defined]


def _get_rhp(backend: models.CloudFrontBackend, policy_id: str) -> ResponseHeadersPolicy:
    policy = _rhps(backend).get(policy_id)
    if policy is None:
        raise NoSuchResponseHeadersPolicy(policy_id)
    return policy


def _check_if_match(if_match: str | None, etag: str) -> None:
    if not if_match:
        raise InvalidIfMatchVersion
    if if_match != etag:
        raise PreconditionFailed


def _function_stage(function: models.CloudFrontFunction, stage: str | None) -> dict[str, Any]:
    """The code/config of one stage; LIVE exists only after a publish."""
    if (stage or "DEVELOPMENT") == "LIVE":
        live = getattr(function, "_localcloud_live", None)
        if live is None:
            raise NoSuchFunctionExists(function.name)
        return live
    return {"code": function.code, "config": function.config, "stage": "DEVELOPMENT"}


def _summary(function: models.CloudFrontFunction, stage: dict[str, Any]) -> dict[str, Any]:
    summary = copy.deepcopy(function.function_summary)
    summary["FunctionConfig"] = stage["config"]
    summary["FunctionMetadata"]["Stage"] = stage["stage"]
    summary["Status"] = function.status
    return summary


# --- responses ---------------------------------------------------------------------------------


def publish_function(self: responses.CloudFrontResponse) -> ActionResult:
    name = self._get_param("Name")
    function = self.backend.describe_function(name)
    _check_if_match(self._get_param("IfMatch"), function.etag)
    function._localcloud_live = {  # type: ignore[attr-defined]
        "code": function.code,
        "config": copy.deepcopy(function.config),
        "stage": "LIVE",
    }
    function.status = "UNASSOCIATED"
    function.last_modified_time = utcnow()
    return ActionResult(
        {"FunctionSummary": _summary(function, function._localcloud_live)}  # type: ignore[attr-defined]
    )


def update_function(self: responses.CloudFrontResponse) -> ActionResult:
    name = self._get_param("Name")
    function = self.backend.describe_function(name)
    _check_if_match(self._get_param("IfMatch"), function.etag)
    function.config = self._get_param("FunctionConfig", {})
    function.code = self._get_param("FunctionCode")
    function.last_modified_time = utcnow()
    function.etag = models.random_id()
    stage = _function_stage(function, "DEVELOPMENT")
    return ActionResult({"FunctionSummary": _summary(function, stage), "ETag": function.etag})


def describe_function(self: responses.CloudFrontResponse) -> ActionResult:
    function = self.backend.describe_function(self._get_param("Name"))
    stage = _function_stage(function, self._get_param("Stage"))
    return ActionResult({"FunctionSummary": _summary(function, stage), "ETag": function.etag})


def get_function(self: responses.CloudFrontResponse) -> ActionResult:
    function = self.backend.get_function(self._get_param("Name"))
    stage = _function_stage(function, self._get_param("Stage"))
    return ActionResult(
        {
            "FunctionCode": stage["code"],
            "ETag": function.etag,
            "ContentType": "application/octet-stream",
        }
    )


def create_response_headers_policy(self: responses.CloudFrontResponse) -> ActionResult:
    config = self._get_param("ResponseHeadersPolicyConfig", {})
    policies = _rhps(self.backend)
    if any(p.config.get("Name") == config.get("Name") for p in policies.values()):
        raise ResponseHeadersPolicyAlreadyExists(config.get("Name", ""))
    policy = ResponseHeadersPolicy(config)
    policies[policy.id] = policy
    return ActionResult(
        {
            "ResponseHeadersPolicy": policy.as_dict(),
            "Location": f"https://cloudfront.amazonaws.com/2020-05-31/response-headers-policy/{policy.id}",
            "ETag": policy.etag,
        }
    )


def get_response_headers_policy(self: responses.CloudFrontResponse) -> ActionResult:
    policy = _get_rhp(self.backend, self._get_param("Id"))
    return ActionResult({"ResponseHeadersPolicy": policy.as_dict(), "ETag": policy.etag})


def get_response_headers_policy_config(self: responses.CloudFrontResponse) -> ActionResult:
    policy = _get_rhp(self.backend, self._get_param("Id"))
    return ActionResult({"ResponseHeadersPolicyConfig": policy.config, "ETag": policy.etag})


def update_response_headers_policy(self: responses.CloudFrontResponse) -> ActionResult:
    policy = _get_rhp(self.backend, self._get_param("Id"))
    _check_if_match(self._get_param("IfMatch"), policy.etag)
    policy.config = self._get_param("ResponseHeadersPolicyConfig", {})
    policy.last_modified_time = utcnow()
    policy.etag = models.random_id()
    return ActionResult({"ResponseHeadersPolicy": policy.as_dict(), "ETag": policy.etag})


def delete_response_headers_policy(self: responses.CloudFrontResponse) -> ActionResult:
    policy_id = self._get_param("Id")
    policy = _get_rhp(self.backend, policy_id)
    _check_if_match(self._get_param("IfMatch"), policy.etag)
    del _rhps(self.backend)[policy_id]
    return EmptyResult()


def list_response_headers_policies(self: responses.CloudFrontResponse) -> ActionResult:
    policies = list(_rhps(self.backend).values())
    items = [{"Type": "custom", "ResponseHeadersPolicy": p.as_dict()} for p in policies]
    return ActionResult(
        {
            "ResponseHeadersPolicyList": {
                "MaxItems": 100,
                "Quantity": len(items),
                "Items": items,
            }
        }
    )


# --- model: read distributions back as written ------------------------------------------------

_original_behaviour_init = models.DefaultCacheBehaviour.__init__
_original_origin_init = models.Origin.__init__
_original_certificate_init = models.ViewerCertificate.__init__


def _behaviour_init(self: models.DefaultCacheBehaviour, config: dict[str, Any]) -> None:
    had_forwarded_values = "ForwardedValues" in config
    _original_behaviour_init(self, config)
    items = (config.get("FunctionAssociations") or {}).get("Items") or []
    self.function_associations = (
        {"Quantity": len(items), "Items": items} if items else {"Quantity": 0}
    )
    if not had_forwarded_values:
        # A behaviour with a cache policy has no legacy ForwardedValues on AWS.
        self.forwarded_values = None


def _origin_init(self: models.Origin, origin: dict[str, Any]) -> None:
    _original_origin_init(self, origin)
    self.origin_access_control_id = origin.get("OriginAccessControlId") or ""
    self.s3_origin_config = origin.get("S3OriginConfig")


def _certificate_init(self: models.ViewerCertificate, config: dict[str, Any]) -> None:
    _original_certificate_init(self, config)
    self.ssl_support_method = config.get("SSLSupportMethod")


def install() -> None:
    """Idempotently add the routes and handlers to moto's CloudFront service."""
    global _INSTALLED
    if _INSTALLED:
        return
    base = "{0}/2020-05-31"
    dispatch = responses.CloudFrontResponse.dispatch
    urls.url_paths.update(
        {
            base + "/function/(?P<function_name>[^/]+)/publish$": dispatch,
            base + "/response-headers-policy$": dispatch,
            base + "/response-headers-policy/(?P<policy_id>[^/]+)$": dispatch,
            base + "/response-headers-policy/(?P<policy_id>[^/]+)/config$": dispatch,
        }
    )
    for handler in (
        publish_function,
        update_function,
        describe_function,
        get_function,
        create_response_headers_policy,
        get_response_headers_policy,
        get_response_headers_policy_config,
        update_response_headers_policy,
        delete_response_headers_policy,
        list_response_headers_policies,
    ):
        setattr(responses.CloudFrontResponse, handler.__name__, handler)
    models.DefaultCacheBehaviour.__init__ = _behaviour_init  # type: ignore[method-assign]
    models.Origin.__init__ = _origin_init  # type: ignore[method-assign]
    models.ViewerCertificate.__init__ = _certificate_init  # type: ignore[method-assign]
    _INSTALLED = True
