"""API views: validate, call a selector or service, serialise. No business rules here."""

from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, JsonResponse

from shop import selectors, serializers, services, validation
from shop.api import api_view, error_response
from shop.errors import NotFound
from shop.http_cache import shared_cache


@api_view("GET")
def health(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "checks": {"database": "unavailable"}}, status=503)
    return JsonResponse({"status": "ok", "checks": {"database": "ok"}})


@api_view("GET")
@shared_cache
def product_list(request: HttpRequest) -> JsonResponse:
    page = validation.positive_int_param(request, "page", default=1, maximum=10**6)
    page_size = validation.positive_int_param(
        request, "page_size", default=settings.SHOP_PAGE_SIZE, maximum=settings.SHOP_MAX_PAGE_SIZE
    )
    products = selectors.list_products(page=page, page_size=page_size)
    return JsonResponse(serializers.product_page_data(products, request=request))


@api_view("GET")
@shared_cache
def product_detail(request: HttpRequest, sku: str) -> JsonResponse:
    product = selectors.get_product(sku=sku)
    return JsonResponse(serializers.product_data(product, request=request))


@api_view("POST")
def order_create(request: HttpRequest) -> JsonResponse:
    return checkout(request, customer_sub=None)


def checkout(request: HttpRequest, *, customer_sub: str | None) -> JsonResponse:
    """Place the order of the request's body; `customer_sub` links it to a signed-in shopper."""
    key = validation.idempotency_key(request)
    email, lines = validation.order_request(validation.json_body(request))
    placed = services.place_order(
        email=email, lines=lines, idempotency_key=key, customer_sub=customer_sub
    )
    response = JsonResponse(
        serializers.order_data(placed.order, include_token=True),
        status=201 if placed.created else 200,
    )
    if not placed.created:
        response["Idempotent-Replayed"] = "true"
    return response


@api_view("GET")
def order_detail(request: HttpRequest, order_id: int) -> JsonResponse:
    token = request.headers.get("X-Order-Token") or request.GET.get("token", "")
    if not token:
        return error_response(
            401, "token_required", "Send the order token in the X-Order-Token header."
        )
    if order_id > validation.MAX_ORDER_ID:
        raise NotFound(f"No order {order_id} for this token.")
    order = selectors.get_order(order_id=order_id, token=token)
    return JsonResponse(serializers.order_data(order))


@api_view("GET")
def openapi_document(request: HttpRequest) -> JsonResponse:
    from shop import openapi  # five modules a cold start has no use for

    return JsonResponse(openapi.document())


def not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return error_response(404, "not_found", f"No API endpoint at {request.path}.")
