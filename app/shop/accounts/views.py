"""Account API views: /api/auth/* (Cognito through the shop's own origin) and /api/me/* (signed in).

Tokens: the access and ID tokens go to the page in the JSON body, for it to keep in memory; the
refresh token only ever travels in an HttpOnly, Secure, SameSite=Strict cookie scoped to
/api/auth/, so no script can read it and no other site's request carries it (which is also why
these cookie-reading endpoints need no CSRF token).
"""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from shop import selectors, serializers
from shop.accounts import services as accounts
from shop.accounts.claims import customer_sub
from shop.accounts.validation import account_form
from shop.api import api_view
from shop.errors import NotSignedIn
from shop.views import checkout

REFRESH_COOKIE = "shop_refresh"
REFRESH_COOKIE_PATH = "/api/auth/"


@api_view("POST")
def sign_up(request: HttpRequest) -> JsonResponse:
    form = account_form(request, "email", "password")
    accounts.sign_up(email=form["email"], password=form["password"])
    return JsonResponse({"status": "confirmation_required", "email": form["email"]}, status=201)


@api_view("POST")
def confirm(request: HttpRequest) -> JsonResponse:
    form = account_form(request, "email", "code")
    accounts.confirm_sign_up(email=form["email"], code=form["code"])
    return JsonResponse({"status": "confirmed", "email": form["email"]})


@api_view("POST")
def resend_code(request: HttpRequest) -> JsonResponse:
    form = account_form(request, "email")
    accounts.resend_code(email=form["email"])
    return JsonResponse({"status": "code_sent", "email": form["email"]})


@api_view("POST")
def sign_in(request: HttpRequest) -> JsonResponse:
    form = account_form(request, "email", "password")
    tokens = accounts.sign_in(email=form["email"], password=form["password"])
    response = _tokens_response(tokens)
    _set_cookie(
        response, tokens.refresh_token or "", max_age=settings.SHOP_REFRESH_TOKEN_DAYS * 86400
    )
    return response


@api_view("POST")
def refresh(request: HttpRequest) -> JsonResponse:
    token = request.COOKIES.get(REFRESH_COOKIE, "")
    try:
        if not token:
            raise NotSignedIn("You are not signed in.")
        return _tokens_response(accounts.refresh(refresh_token=token))
    except NotSignedIn as exc:
        response = JsonResponse(exc.as_dict(), status=exc.status)
        _clear_cookie(response)
        return response


@api_view("POST")
def sign_out(request: HttpRequest) -> HttpResponse:
    token = request.COOKIES.get(REFRESH_COOKIE, "")
    if token:
        # Already revoked or expired: signed out either way.
        with contextlib.suppress(NotSignedIn):
            accounts.sign_out(refresh_token=token)
    response = HttpResponse(status=204)
    _clear_cookie(response)
    return response


@api_view("POST")
def forgot_password(request: HttpRequest) -> JsonResponse:
    form = account_form(request, "email")
    accounts.forgot_password(email=form["email"])
    # The same answer whether or not the address has an account.
    return JsonResponse({"status": "code_sent", "email": form["email"]})


@api_view("POST")
def confirm_forgot_password(request: HttpRequest) -> JsonResponse:
    form = account_form(request, "email", "code", "password")
    accounts.confirm_forgot_password(
        email=form["email"], code=form["code"], password=form["password"]
    )
    return JsonResponse({"status": "password_reset", "email": form["email"]})


@api_view("GET", "POST")
def my_orders(request: HttpRequest) -> JsonResponse:
    """GET: the shopper's orders, newest first. POST: checkout, the order linked to the shopper."""
    sub = customer_sub(request)
    if request.method == "POST":
        return checkout(request, customer_sub=sub)
    orders = selectors.customer_orders(customer_sub=sub)
    return JsonResponse({"results": [serializers.order_data(order) for order in orders]})


def _tokens_response(tokens: accounts.Tokens) -> JsonResponse:
    response = JsonResponse(
        {
            "access_token": tokens.access_token,
            "id_token": tokens.id_token,
            "expires_in": tokens.expires_in,
            "token_type": "Bearer",
        }
    )
    response["Cache-Control"] = "no-store"
    return response


def _set_cookie(response: HttpResponse, value: str, *, max_age: int) -> None:
    response.set_cookie(
        REFRESH_COOKIE,
        value,
        max_age=max_age,
        path=REFRESH_COOKIE_PATH,
        secure=True,
        httponly=True,
        samesite="Strict",
    )


def _clear_cookie(response: HttpResponse) -> None:
    # With the same attributes as it was set with: a browser lets only a Secure cookie
    # replace a Secure one.
    _set_cookie(response, "", max_age=0)
