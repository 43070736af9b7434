"""CloudFront's choice of cache behaviour for a request, from the distribution config read back.

CloudFront compares the request path with each cache behaviour's path pattern in order and takes
the first match, else the default behaviour. Patterns are case-sensitive, `*` matches any run of
characters (slashes included), `?` exactly one, and a leading slash is optional. A request for `/`
becomes the default root object before the comparison.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any


class DistributionError(ValueError):
    """The distribution config has something the local edge cannot serve faithfully."""


@dataclass(frozen=True)
class Origin:
    id: str
    domain_name: str
    origin_path: str = ""
    # "s3" for bucket origins (OAC), "custom" for everything else (the HTTP API).
    kind: str = "custom"
    custom_headers: tuple[tuple[str, str], ...] = ()

    @property
    def bucket(self) -> str:
        """The bucket name of an S3 origin (`<bucket>.s3.<region>.amazonaws.com`)."""
        if self.kind != "s3":
            raise DistributionError(f"origin {self.id!r} is not an S3 origin")
        match = re.match(
            r"^(?P<bucket>.+?)\.s3(?:[.-](?P<region>[a-z0-9-]+))?\.amazonaws\.com$",
            self.domain_name,
        )
        if not match:
            raise DistributionError(
                f"origin {self.id!r}: {self.domain_name!r} is not an S3 bucket domain name"
            )
        return match["bucket"]


@dataclass(frozen=True)
class FunctionAssociation:
    event_type: str
    function_arn: str

    @property
    def function_name(self) -> str:
        return self.function_arn.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Behaviour:
    path_pattern: str  # "*" for the default behaviour
    target_origin_id: str
    allowed_methods: frozenset[str]
    cached_methods: frozenset[str] = frozenset({"GET", "HEAD"})
    viewer_protocol_policy: str = "allow-all"
    cache_policy_id: str = ""
    origin_request_policy_id: str = ""
    response_headers_policy_id: str = ""
    function_associations: tuple[FunctionAssociation, ...] = ()

    def function_for(self, event_type: str) -> FunctionAssociation | None:
        for association in self.function_associations:
            if association.event_type == event_type:
                return association
        return None


@dataclass(frozen=True)
class Route:
    behaviour: Behaviour
    origin: Origin
    path: str  # after the default root object


@dataclass(frozen=True)
class Distribution:
    id: str
    domain_name: str
    origins: dict[str, Origin]
    behaviours: tuple[Behaviour, ...]
    default_behaviour: Behaviour
    default_root_object: str = ""
    enabled: bool = True
    custom_error_responses: tuple[dict[str, Any], ...] = field(default=())

    def route(self, path: str) -> Route:
        """The behaviour and origin CloudFront would use for `path` (no query string)."""
        if path == "/" and self.default_root_object:
            path = "/" + self.default_root_object
        behaviour = next(
            (b for b in self.behaviours if pattern_matches(b.path_pattern, path)),
            self.default_behaviour,
        )
        return Route(
            behaviour=behaviour, origin=self.origins[behaviour.target_origin_id], path=path
        )

    @classmethod
    def from_api(cls, distribution: dict[str, Any]) -> Distribution:
        """Build from boto3's get_distribution()['Distribution']."""
        config = distribution["DistributionConfig"]
        origins = {}
        for item in _items(config.get("Origins")):
            is_s3 = (
                "S3OriginConfig" in item
                or bool(item.get("OriginAccessControlId"))
                or ("CustomOriginConfig" not in item)
            )
            headers = tuple(
                (h["HeaderName"], h["HeaderValue"]) for h in _items(item.get("CustomHeaders"))
            )
            origins[item["Id"]] = Origin(
                id=item["Id"],
                domain_name=item["DomainName"],
                origin_path=item.get("OriginPath") or "",
                kind="s3" if is_s3 else "custom",
                custom_headers=headers,
            )
        behaviours = tuple(
            _behaviour(item, item["PathPattern"]) for item in _items(config.get("CacheBehaviors"))
        )
        default = _behaviour(config["DefaultCacheBehavior"], "*")
        for behaviour in (*behaviours, default):
            if behaviour.target_origin_id not in origins:
                raise DistributionError(
                    f"behaviour {behaviour.path_pattern!r} targets unknown origin "
                    f"{behaviour.target_origin_id!r}"
                )
        return cls(
            id=distribution["Id"],
            domain_name=distribution["DomainName"],
            origins=origins,
            behaviours=behaviours,
            default_behaviour=default,
            default_root_object=config.get("DefaultRootObject") or "",
            enabled=bool(config.get("Enabled", True)),
            custom_error_responses=tuple(_items(config.get("CustomErrorResponses"))),
        )


def _items(container: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not container:
        return []
    return list(container.get("Items") or [])


def _behaviour(item: dict[str, Any], path_pattern: str) -> Behaviour:
    methods = item.get("AllowedMethods") or {}
    return Behaviour(
        path_pattern=path_pattern,
        target_origin_id=item["TargetOriginId"],
        allowed_methods=frozenset(methods.get("Items") or ["GET", "HEAD"]),
        cached_methods=frozenset(
            (methods.get("CachedMethods") or {}).get("Items") or ["GET", "HEAD"]
        ),
        viewer_protocol_policy=item.get("ViewerProtocolPolicy", "allow-all"),
        cache_policy_id=item.get("CachePolicyId") or "",
        origin_request_policy_id=item.get("OriginRequestPolicyId") or "",
        response_headers_policy_id=item.get("ResponseHeadersPolicyId") or "",
        function_associations=tuple(
            FunctionAssociation(event_type=a["EventType"], function_arn=a["FunctionARN"])
            for a in _items(item.get("FunctionAssociations"))
        ),
    )


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    if not pattern.startswith("/"):
        pattern = "/" + pattern
    regex = "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    return re.compile(rf"\A{regex}\Z", re.DOTALL)


def pattern_matches(pattern: str, path: str) -> bool:
    """CloudFront path pattern semantics (see the module docstring)."""
    if pattern == "*":
        return True
    if not path.startswith("/"):
        path = "/" + path
    return _compile(pattern).match(path) is not None
