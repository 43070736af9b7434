"""CloudFront policies the local edge applies: origin request and response headers.

Origin request policies are AWS managed ones, by ID (moto has no custom ones); response headers
policies are managed or read from the emulator. Cache policies are the cache's (`cache`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from localcloud.cloudfront.behaviours import Behaviour

# Headers that describe one hop, never forwarded.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "proxy-connection",
    }
)


@dataclass(frozen=True)
class ForwardPolicy:
    """What an origin request policy (plus the cache key) sends to the origin."""

    name: str
    headers: str  # "all", "all-except-host" or "listed"
    listed_headers: frozenset[str] = frozenset()
    cookies: bool = False
    query: bool = False


# AWS managed origin request policies, by ID.
MANAGED_ORIGIN_REQUEST_POLICIES = {
    "216adef6-5c7f-47e4-b989-5492eafa07d3": ForwardPolicy(
        "AllViewer", "all", cookies=True, query=True
    ),
    "b689b0a8-53d0-40ab-baf2-68738e2966ac": ForwardPolicy(
        "AllViewerExceptHostHeader", "all-except-host", cookies=True, query=True
    ),
    "33f36d7e-f396-46d9-90e0-52428a34d9dc": ForwardPolicy(
        "AllViewerAndCloudFrontHeaders-2022-06", "all", cookies=True, query=True
    ),
    "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf": ForwardPolicy(
        "CORS-S3Origin",
        "listed",
        frozenset({"origin", "access-control-request-headers", "access-control-request-method"}),
    ),
    "59781a5b-3903-41f3-afcb-af62929ccde1": ForwardPolicy(
        "CORS-CustomOrigin", "listed", frozenset({"origin"})
    ),
    "acba4595-bd28-49b8-b9fe-13317c0390fa": ForwardPolicy(
        "UserAgentRefererHeaders", "listed", frozenset({"user-agent", "referer"})
    ),
}
NO_FORWARDING = ForwardPolicy("none", "listed")

# The AWS managed SecurityHeadersPolicy, in the shape of a ResponseHeadersPolicyConfig.
MANAGED_RESPONSE_HEADERS_POLICIES: dict[str, dict[str, Any]] = {
    "67f7725c-6f97-4210-82d7-5512b31e9d03": {
        "Name": "Managed-SecurityHeadersPolicy",
        "SecurityHeadersConfig": {
            "StrictTransportSecurity": {
                "Override": False,
                "AccessControlMaxAgeSec": 31536000,
                "IncludeSubdomains": False,
                "Preload": False,
            },
            "ContentTypeOptions": {"Override": False},
            "FrameOptions": {"Override": False, "FrameOption": "SAMEORIGIN"},
            "ReferrerPolicy": {
                "Override": False,
                "ReferrerPolicy": "strict-origin-when-cross-origin",
            },
            "XSSProtection": {"Override": False, "Protection": True, "ModeBlock": True},
        },
    },
}


def forward_policy(behaviour: Behaviour) -> ForwardPolicy:
    if not behaviour.origin_request_policy_id:
        return NO_FORWARDING
    return MANAGED_ORIGIN_REQUEST_POLICIES[behaviour.origin_request_policy_id]


def apply_response_headers(
    config: dict[str, Any], headers: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Add the policy's headers (respecting Override) and remove the ones it removes."""
    out = list(headers)
    present = {k.lower() for k, _ in out}

    def put(name: str, value: str, override: bool) -> None:
        nonlocal out
        if name.lower() in present:
            if not override:
                return
            out = [(k, v) for k, v in out if k.lower() != name.lower()]
        out.append((name, value))
        present.add(name.lower())

    security = config.get("SecurityHeadersConfig") or {}
    hsts = security.get("StrictTransportSecurity")
    if hsts:
        value = f"max-age={hsts.get('AccessControlMaxAgeSec', 0)}"
        if hsts.get("IncludeSubdomains"):
            value += "; includeSubDomains"
        if hsts.get("Preload"):
            value += "; preload"
        put("strict-transport-security", value, bool(hsts.get("Override")))
    if "ContentTypeOptions" in security:
        put(
            "x-content-type-options",
            "nosniff",
            bool(security["ContentTypeOptions"].get("Override")),
        )
    frame = security.get("FrameOptions")
    if frame:
        put("x-frame-options", frame["FrameOption"], bool(frame.get("Override")))
    referrer = security.get("ReferrerPolicy")
    if referrer:
        put("referrer-policy", referrer["ReferrerPolicy"], bool(referrer.get("Override")))
    csp = security.get("ContentSecurityPolicy")
    if csp:
        put("content-security-policy", csp["ContentSecurityPolicy"], bool(csp.get("Override")))
    xss = security.get("XSSProtection")
    if xss:
        value = "1" if xss.get("Protection") else "0"
        if xss.get("Protection") and xss.get("ModeBlock"):
            value += "; mode=block"
        elif xss.get("Protection") and xss.get("ReportUri"):
            value += f"; report={xss['ReportUri']}"
        put("x-xss-protection", value, bool(xss.get("Override")))
    for item in (config.get("CustomHeadersConfig") or {}).get("Items") or []:
        put(item["Header"], item["Value"], bool(item.get("Override")))
    removed = {
        i["Header"].lower() for i in (config.get("RemoveHeadersConfig") or {}).get("Items") or []
    }
    return [(k, v) for k, v in out if k.lower() not in removed]
