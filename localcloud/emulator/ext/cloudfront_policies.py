"""CloudFront's custom policies, which moto 5.2 does not have: response headers and cache policies.

Both kinds share one life cycle on AWS (create with a unique name, get, get config, update and
delete with If-Match, list), so one store serves both; a kind only names its API shapes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from moto.cloudfront import models, responses
from moto.cloudfront.exceptions import CloudFrontException, InvalidIfMatchVersion
from moto.core.responses import ActionResult, EmptyResult
from moto.core.utils import utcnow

Handler = Callable[[responses.CloudFrontResponse], ActionResult]


class PreconditionFailed(CloudFrontException):
    def __init__(self) -> None:
        super().__init__("PreconditionFailed", "The If-Match version does not match.")


def check_if_match(if_match: str | None, etag: str) -> None:
    if not if_match:
        raise InvalidIfMatchVersion
    if if_match != etag:
        raise PreconditionFailed


@dataclass(frozen=True)
class PolicyKind:
    shape: str  # "CachePolicy": the API's name for one policy
    label: str  # "cache policy": for error messages
    path: str  # "cache-policy": the REST path segment
    plural: str  # "cache_policies": the list operation's name

    @property
    def attribute(self) -> str:
        return f"_localcloud_{self.path.replace('-', '_')}"

    @property
    def snake(self) -> str:
        return self.path.replace("-", "_")


RESPONSE_HEADERS = PolicyKind(
    "ResponseHeadersPolicy",
    "response headers policy",
    "response-headers-policy",
    "response_headers_policies",
)
CACHE = PolicyKind("CachePolicy", "cache policy", "cache-policy", "cache_policies")
KINDS = (RESPONSE_HEADERS, CACHE)


class _Policy:
    def __init__(self, config: dict[str, Any]) -> None:
        self.id = str(uuid.uuid4())
        self.config = config
        self.last_modified_time = utcnow()
        self.etag = models.random_id()

    def as_dict(self, kind: PolicyKind) -> dict[str, Any]:
        return {
            "Id": self.id,
            "LastModifiedTime": self.last_modified_time,
            f"{kind.shape}Config": self.config,
        }


def _store(backend: models.CloudFrontBackend, kind: PolicyKind) -> dict[str, _Policy]:
    # Kept on the backend instance, so moto's reset (and per-account backends) apply as usual.
    if not hasattr(backend, kind.attribute):
        setattr(backend, kind.attribute, {})
    return getattr(backend, kind.attribute)


def _get(backend: models.CloudFrontBackend, kind: PolicyKind, policy_id: str) -> _Policy:
    policy = _store(backend, kind).get(policy_id)
    if policy is None:
        message = f"The {kind.label} {policy_id} does not exist."
        raise CloudFrontException(f"NoSuch{kind.shape}", message)
    return policy


def handlers(kind: PolicyKind) -> dict[str, Handler]:
    """The six operations of one kind, named as moto's dispatcher looks them up."""
    config_key = f"{kind.shape}Config"

    def create(self: responses.CloudFrontResponse) -> ActionResult:
        config = self._get_param(config_key, {})
        policies = _store(self.backend, kind)
        name = config.get("Name", "")
        if any(p.config.get("Name") == name for p in policies.values()):
            # The HTTP status (409) comes from the error's shape in the service model.
            raise CloudFrontException(
                f"{kind.shape}AlreadyExists", f"A {kind.label} named {name} already exists."
            )
        policy = _Policy(config)
        policies[policy.id] = policy
        location = f"https://cloudfront.amazonaws.com/2020-05-31/{kind.path}/{policy.id}"
        return ActionResult(
            {kind.shape: policy.as_dict(kind), "Location": location, "ETag": policy.etag}
        )

    def get(self: responses.CloudFrontResponse) -> ActionResult:
        policy = _get(self.backend, kind, self._get_param("Id"))
        return ActionResult({kind.shape: policy.as_dict(kind), "ETag": policy.etag})

    def get_config(self: responses.CloudFrontResponse) -> ActionResult:
        policy = _get(self.backend, kind, self._get_param("Id"))
        return ActionResult({config_key: policy.config, "ETag": policy.etag})

    def update(self: responses.CloudFrontResponse) -> ActionResult:
        policy = _get(self.backend, kind, self._get_param("Id"))
        check_if_match(self._get_param("IfMatch"), policy.etag)
        policy.config = self._get_param(config_key, {})
        policy.last_modified_time = utcnow()
        policy.etag = models.random_id()
        return ActionResult({kind.shape: policy.as_dict(kind), "ETag": policy.etag})

    def delete(self: responses.CloudFrontResponse) -> ActionResult:
        policy_id = self._get_param("Id")
        policy = _get(self.backend, kind, policy_id)
        check_if_match(self._get_param("IfMatch"), policy.etag)
        del _store(self.backend, kind)[policy_id]
        return EmptyResult()

    def list_all(self: responses.CloudFrontResponse) -> ActionResult:
        if self._get_param("Type") == "managed":
            # AWS's managed policies are not emulated; the local edge knows them by ID.
            items: list[dict[str, Any]] = []
        else:
            items = [
                {"Type": "custom", kind.shape: p.as_dict(kind)}
                for p in _store(self.backend, kind).values()
            ]
        return ActionResult(
            {f"{kind.shape}List": {"MaxItems": 100, "Quantity": len(items), "Items": items}}
        )

    return {
        f"create_{kind.snake}": create,
        f"get_{kind.snake}": get,
        f"get_{kind.snake}_config": get_config,
        f"update_{kind.snake}": update,
        f"delete_{kind.snake}": delete,
        f"list_{kind.plural}": list_all,
    }


def url_paths(base: str, dispatch: Any) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for kind in KINDS:
        paths[f"{base}/{kind.path}$"] = dispatch
        paths[f"{base}/{kind.path}/(?P<policy_id>[^/]+)$"] = dispatch
        paths[f"{base}/{kind.path}/(?P<policy_id>[^/]+)/config$"] = dispatch
    return paths


def install() -> None:
    for kind in KINDS:
        for name, handler in handlers(kind).items():
            setattr(responses.CloudFrontResponse, name, handler)
