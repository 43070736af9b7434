"""CloudFront operations moto 5.2 does not have, and a field it drops.

- PublishFunction / UpdateFunction, and the LIVE stage of a CloudFront Function: the AWS provider
  publishes functions (`publish = true`), and the distribution runs the LIVE code.
- Response headers and cache policies (`cloudfront_policies`).
- Distributions read back as written, so a second apply plans no change: cache behaviours keep
  their FunctionAssociations (moto answers Quantity 0, which would also hide the viewer-request
  function from the local edge), origins keep OriginAccessControlId and S3OriginConfig, and moto
  no longer invents legacy ForwardedValues for behaviours that use a cache policy, nor an
  SSLSupportMethod for the default certificate.
"""

from __future__ import annotations

import copy
from typing import Any

from moto.cloudfront import models, responses, urls
from moto.cloudfront.exceptions import NoSuchFunctionExists
from moto.core.responses import ActionResult
from moto.core.utils import utcnow

from localcloud.emulator.ext import cloudfront_policies
from localcloud.emulator.ext.cloudfront_policies import check_if_match

_INSTALLED = False


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
    check_if_match(self._get_param("IfMatch"), function.etag)
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
    check_if_match(self._get_param("IfMatch"), function.etag)
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
            **cloudfront_policies.url_paths(base, dispatch),
        }
    )
    cloudfront_policies.install()
    for handler in (
        publish_function,
        update_function,
        describe_function,
        get_function,
    ):
        setattr(responses.CloudFrontResponse, handler.__name__, handler)
    models.DefaultCacheBehaviour.__init__ = _behaviour_init  # type: ignore[method-assign]
    models.Origin.__init__ = _origin_init  # type: ignore[method-assign]
    models.ViewerCertificate.__init__ = _certificate_init  # type: ignore[method-assign]
    _INSTALLED = True
