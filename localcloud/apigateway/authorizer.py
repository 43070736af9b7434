"""API Gateway's JWT authorizer on HTTP API routes, as AWS documents it (http-api-jwt-authorizer).

For a route with authorizationType JWT, before the integration runs:
1. the identity source (a header) holds the token, alone or after "Bearer ";
2. the token is an RS* JWT whose `kid` names a key of the issuer's JWKS (found through its
   /.well-known/openid-configuration) and whose signature that key verifies;
3. `iss` is the authorizer's issuer; `aud`, or `client_id` only when there is no `aud`, is one of
   its audiences; `exp` is after now, `nbf` and `iat` before it;
4. if the route has authorizationScopes, `scope` (or `scp`) has at least one of them.
Any failure is 401 {"message":"Unauthorized"} and the function never runs. A valid token's
claims reach the function in requestContext.authorizer.jwt.claims (values as strings, as
API Gateway passes them) with the token's scopes.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import jwt

log = logging.getLogger(__name__)

# API Gateway caches an issuer's keys for up to two hours.
JWKS_CACHE_SECONDS = 2 * 60 * 60
RSA_ALGORITHMS = ["RS256", "RS384", "RS512"]

# (url) -> the JSON document; the environment decides how an issuer's URLs are reached.
Fetch = Callable[[str], Mapping[str, Any]]


class Unauthorized(Exception):
    """The request's token does not satisfy the authorizer (why, for the log and the header)."""


def http_fetch(url: str) -> Mapping[str, Any]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - the issuer's https URL
        return json.loads(response.read())


@dataclass
class JwtAuthorizer:
    authorizer_id: str
    name: str
    issuer: str
    audience: tuple[str, ...]
    identity_source: str = "$request.header.Authorization"
    fetch: Fetch = http_fetch
    _keys: dict[str, Any] = field(default_factory=dict, repr=False)
    _fetched_at: float = field(default=0.0, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def from_api(cls, item: Mapping[str, Any], *, fetch: Fetch = http_fetch) -> JwtAuthorizer:
        """An authorizer as apigatewayv2 GetAuthorizers describes it."""
        if item.get("AuthorizerType") != "JWT":
            raise ValueError(
                f"authorizer {item.get('Name')!r} is {item.get('AuthorizerType')}: only JWT "
                "authorizers are emulated"
            )
        sources = item.get("IdentitySource") or []
        config = item.get("JwtConfiguration") or {}
        if len(sources) != 1 or not sources[0].startswith("$request.header."):
            raise ValueError(f"authorizer {item.get('Name')!r}: one header identity source")
        if not config.get("Issuer") or not config.get("Audience"):
            raise ValueError(f"authorizer {item.get('Name')!r} needs an issuer and an audience")
        return cls(
            authorizer_id=item["AuthorizerId"],
            name=item.get("Name", ""),
            issuer=config["Issuer"],
            audience=tuple(config["Audience"]),
            identity_source=sources[0],
            fetch=fetch,
        )

    @property
    def header(self) -> str:
        return self.identity_source.removeprefix("$request.header.").lower()

    def _key(self, kid: str) -> Any:
        with self._lock:
            stale = time.monotonic() - self._fetched_at > JWKS_CACHE_SECONDS
            if stale or kid not in self._keys:
                discovery_url = f"{self.issuer.rstrip('/')}/.well-known/openid-configuration"
                try:
                    discovery = self.fetch(discovery_url)
                    jwks = jwt.PyJWKSet.from_dict(dict(self.fetch(discovery["jwks_uri"])))
                except (OSError, ValueError, KeyError, jwt.PyJWTError) as exc:
                    raise Unauthorized(f"the issuer's keys are unavailable: {exc}") from None
                self._keys = {k.key_id: k for k in jwks.keys if k.key_id}
                self._fetched_at = time.monotonic()
            if kid not in self._keys:
                raise Unauthorized(f"no key {kid!r} in the issuer's JWKS")
            return self._keys[kid]

    def verify(self, headers: Iterable[tuple[str, str]], scopes: Iterable[str] = ()) -> dict:
        """The `requestContext.authorizer` of an authorized request; raises Unauthorized."""
        value = next((v for k, v in headers if k.lower() == self.header), "").strip()
        token = value[7:].strip() if value[:7].lower() == "bearer " else value
        if not token:
            raise Unauthorized("no token in the identity source")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"not a JWT: {exc}") from None
        if header.get("alg") not in RSA_ALGORITHMS:
            raise Unauthorized(f"algorithm {header.get('alg')!r} is not RSA")
        key = self._key(str(header.get("kid", "")))
        try:
            claims = jwt.decode(
                token,
                key=key.key,
                algorithms=RSA_ALGORITHMS,
                issuer=self.issuer,
                options={"verify_aud": False, "require": ["exp", "iss"]},
                leeway=0,
            )
        except jwt.PyJWTError as exc:
            raise Unauthorized(str(exc)) from None
        now = time.time()
        if "iat" in claims and float(claims["iat"]) > now:
            raise Unauthorized("issued in the future")
        # aud wins when present; client_id (Cognito access tokens) is checked only without it.
        audience = claims.get("aud", claims.get("client_id"))
        audiences = audience if isinstance(audience, list) else [audience]
        if not any(a in self.audience for a in audiences):
            raise Unauthorized(f"audience {audience!r} is not one of {list(self.audience)}")
        token_scopes = str(claims.get("scope", claims.get("scp", ""))).split()
        wanted = list(scopes)
        if wanted and not set(wanted) & set(token_scopes):
            raise Unauthorized(f"none of the route's scopes {wanted} in the token")
        return {
            "jwt": {
                "claims": {name: _claim_string(v) for name, v in claims.items()},
                "scopes": token_scopes or None,
            }
        }


def _claim_string(value: Any) -> str:
    # API Gateway passes every claim as a string; a list becomes "[a b]".
    if isinstance(value, list):
        return "[" + " ".join(str(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True)
class RouteAuthorization:
    authorizer: JwtAuthorizer
    scopes: tuple[str, ...] = ()

    def authorize(self, headers: Iterable[tuple[str, str]]) -> dict:
        return self.authorizer.verify(headers, self.scopes)


COGNITO_HOST = re.compile(r"\Acognito-idp\.[a-z0-9-]+\.amazonaws\.com\Z")


def cognito_via_emulator(endpoint: str) -> Fetch:
    """Cognito's issuer URLs (discovery, JWKS) at the emulator, which picks services by Host."""

    def fetch(url: str) -> Mapping[str, Any]:
        parts = urlsplit(url)
        if not COGNITO_HOST.match(parts.hostname or ""):
            raise Unauthorized(f"issuer URL {url} is not a Cognito user pool's; not emulated")
        request = urllib.request.Request(f"{endpoint.rstrip('/')}{parts.path}")  # noqa: S310 - loopback emulator
        request.add_header("Host", parts.hostname or "")
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback emulator
            return json.loads(response.read())

    return fetch
