"""Plain dicts for the JSON API."""

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.encoding import filepath_to_uri

from shop.models import Order, Product
from shop.selectors import ProductPage

PLACEHOLDER_IMAGE = "shop/placeholder.svg"


def media_url(name: str) -> str:
    # Media is always served same-origin under MEDIA_URL (CloudFront /media/* in the cloud).
    # Building the URL here rather than through the storage keeps boto3, which the S3
    # storage imports, off the cold start of every catalogue read.
    return f"{settings.MEDIA_URL}{filepath_to_uri(name)}"


def product_data(product: Product, *, request: HttpRequest) -> dict:
    image = media_url(product.image.name) if product.image else static(PLACEHOLDER_IMAGE)
    return {
        "sku": product.sku,
        "name": product.name,
        "description": product.description,
        "price": str(product.price),
        "currency": product.currency,
        "stock": product.stock,
        "available": product.stock > 0,
        # What one order line may ask for, so the storefront can cap its cart.
        "max_quantity": min(product.stock, settings.SHOP_MAX_QUANTITY_PER_LINE),
        "image_url": request.build_absolute_uri(image),
    }


def product_page_data(products: ProductPage, *, request: HttpRequest) -> dict:
    page = products.page
    return {
        "count": page.paginator.count,
        "page": page.number,
        "page_size": products.page_size,
        "num_pages": page.paginator.num_pages,
        "results": [product_data(product, request=request) for product in page.object_list],
    }


def order_data(order: Order, *, include_token: bool = False) -> dict:
    data = {
        "id": order.pk,
        "email": order.email,
        "status": order.status,
        "status_label": order.get_status_display(),
        "confirmed_at": order.confirmed_at.isoformat() if order.confirmed_at else None,
        "currency": order.currency,
        "total": str(order.total),
        "created_at": order.created_at.isoformat(),
        "lines": [
            {
                "sku": line.sku,
                "name": line.name,
                "quantity": line.quantity,
                "unit_price": str(line.unit_price),
                "line_total": str(line.line_total),
            }
            for line in order.lines.all()
        ],
    }
    if include_token:
        data["token"] = order.token
    return data
