"""Who is signed in: the claims API Gateway's JWT authorizer verified, as the event carries them.

On the account routes (terraform/accounts.tf) API Gateway checks the access token (signature
against the pool's JWKS, issuer, audience, expiry) before the function runs, and passes its claims
in requestContext.authorizer.jwt.claims of the payload 2.0 event; apig-wsgi puts the request
context in the WSGI environ. Nothing a client sends can write there (headers become HTTP_*
keys), so no header is trusted; a route without the authorizer has no claims and is refused.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from shop.errors import NotSignedIn

REQUEST_CONTEXT = "apig_wsgi.request_context"


def verified_claims(request: HttpRequest) -> dict[str, str] | None:
    context = request.META.get(REQUEST_CONTEXT)
    if not isinstance(context, dict):
        return None
    claims = ((context.get("authorizer") or {}).get("jwt") or {}).get("claims")
    return claims if isinstance(claims, dict) else None


def customer_sub(request: HttpRequest) -> str:
    """The signed-in shopper's user pool `sub`, from an access token of the shop's own client."""
    claims = verified_claims(request) or {}
    # The authorizer accepts an ID token too (its aud is the client); the account API wants the
    # access token, issued to this client, as Cognito's guidance on verifying tokens says.
    if (
        not claims.get("sub")
        or claims.get("token_use") != "access"
        or claims.get("client_id") != settings.SHOP_COGNITO_CLIENT_ID
    ):
        raise NotSignedIn("Sign in to see your account.")
    return claims["sub"]
