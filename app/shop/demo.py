"""The demo catalogue that `manage.py load_demo` puts in a fresh shop."""

from decimal import Decimal
from typing import NamedTuple


class DemoProduct(NamedTuple):
    sku: str
    name: str
    description: str
    price: Decimal
    stock: int
    colour: str
    glyph: str


CATALOGUE = [
    DemoProduct(
        "MUG-001",
        "Lambda Mug",
        "A 350 ml stoneware mug for cold starts.",
        Decimal("14.00"),
        25,
        "#f59e0b",
        "λ",
    ),
    DemoProduct(
        "TEE-001",
        "Serverless T-shirt",
        "Organic cotton, printed with no servers.",
        Decimal("24.50"),
        40,
        "#2563eb",
        "☁",
    ),
    DemoProduct(
        "CAP-001",
        "Edge Cap",
        "Keeps the sun off at every point of presence.",
        Decimal("19.90"),
        15,
        "#10b981",
        "◆",
    ),
    DemoProduct(
        "STK-001",
        "Sticker Pack",
        "Ten vinyl stickers for your laptop lid.",
        Decimal("4.99"),
        200,
        "#ef4444",
        "★",
    ),
    DemoProduct(
        "BAG-001",
        "Tote Bag",
        "Carries a week of groceries or a rack of servers.",
        Decimal("12.00"),
        30,
        "#8b5cf6",
        "▣",
    ),
    DemoProduct(
        "NBK-001",
        "Notebook",
        "A5, dotted, 120 pages for architecture diagrams.",
        Decimal("9.50"),
        60,
        "#0ea5e9",
        "✎",
    ),
    DemoProduct(
        "HOD-001",
        "Hoodie",
        "Warm enough for a provisioned-concurrency winter.",
        Decimal("49.00"),
        8,
        "#334155",
        "λ",
    ),
    DemoProduct(
        "PIN-001",
        "Limited Pin",
        "Only three were made. Checkout will not oversell.",
        Decimal("7.00"),
        3,
        "#db2777",
        "●",
    ),
]


def image_svg(product: DemoProduct) -> bytes:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" role="img" '
        f'aria-label="{product.name}"><rect width="400" height="300" fill="{product.colour}"/>'
        '<text x="200" y="185" font-family="sans-serif" font-size="120" text-anchor="middle" '
        f'fill="#ffffff">{product.glyph}</text></svg>'
    ).encode()
