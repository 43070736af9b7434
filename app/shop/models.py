import secrets
from decimal import Decimal

from django.core.validators import (
    FileExtensionValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import Q, Subquery, Sum
from django.db.models.functions import Coalesce

SKU_PATTERN = r"^[A-Z0-9][A-Z0-9_-]{0,63}$"
IMAGE_EXTENSIONS = ["png", "jpg", "jpeg", "webp", "gif", "svg"]


def _new_order_token() -> str:
    return secrets.token_urlsafe(32)


class ProductQuerySet(models.QuerySet):
    def with_stock(self) -> "ProductQuerySet":
        """Annotate `stock`: the total over the product's shards (0 when it has none)."""
        total = (
            StockShard.objects.filter(product=models.OuterRef("pk"))
            .order_by()
            .values("product")
            .annotate(total=Sum("quantity"))
            .values("total")
        )
        return self.annotate(stock=Coalesce(Subquery(total), 0))


class Product(models.Model):
    sku = models.CharField(
        max_length=64,
        unique=True,
        validators=[RegexValidator(SKU_PATTERN, "Use upper-case letters, digits, - and _.")],
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    price = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    currency = models.CharField(
        max_length=3,
        default="EUR",
        validators=[RegexValidator(r"^[A-Z]{3}$", "Use an ISO 4217 code such as EUR.")],
    )
    # Stock lives in StockShard rows (see there); `Product.objects.with_stock()` gives the total.
    # The column of the release before the shards stays, at 0, one release: that version may
    # still serve during a canary or after a rollback, and its checkout must find nothing to
    # sell rather than sell what the shards hold. The next release drops it.
    legacy_stock = models.PositiveIntegerField(default=0, editable=False, db_column="stock")
    image = models.FileField(
        upload_to="products/",
        blank=True,
        validators=[FileExtensionValidator(IMAGE_EXTENSIONS)],
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["name", "sku"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="product_price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.sku} {self.name}"


class StockShard(models.Model):
    """One slice of a product's stock. The total is the sum over its shards.

    Buyers of one hot product lock different shards (SKIP LOCKED), so a flash sale is not
    serialised on one row lock; see shop.stock.
    """

    product = models.ForeignKey(Product, related_name="stock_shards", on_delete=models.CASCADE)
    index = models.PositiveSmallIntegerField()
    quantity = models.PositiveIntegerField(default=0)

    class Meta:
        # By the column, not the relation: ordering by `product` would join (and lock) the
        # product row in every select_for_update of shards.
        ordering = ["product_id", "index"]
        constraints = [
            models.UniqueConstraint(fields=["product", "index"], name="stock_shard_unique_index"),
            models.CheckConstraint(
                condition=Q(quantity__gte=0), name="stock_shard_quantity_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_id}#{self.index}: {self.quantity}"


class Order(models.Model):
    class Status(models.TextChoices):
        PLACED = "placed", "Placed"
        CONFIRMED = "confirmed", "Confirmed"

    email = models.EmailField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLACED)
    currency = models.CharField(max_length=3)
    total = models.DecimalField(max_digits=12, decimal_places=2)
    token = models.CharField(max_length=64, default=_new_order_token, editable=False)
    idempotency_key = models.CharField(max_length=255, unique=True, editable=False)
    # sha256 of the canonical request, so a reused key with a different body is refused.
    request_fingerprint = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # The user pool `sub` of the signed-in shopper who placed it (from the claims API Gateway
    # verified); null for a guest's. Nullable: the release before accounts keeps writing orders.
    # Null rather than "": no column default to add, and the "My orders" index leaves nulls out.
    customer_sub = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001
    # Set by the order pipeline (shop.pipeline): once each, so a redelivery changes nothing.
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    staff_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # "My orders": one shopper's, newest first; guests' orders (null) stay out of it.
            models.Index(
                fields=["customer_sub", "-created_at"],
                name="order_customer_recent",
                condition=Q(customer_sub__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Order {self.pk} ({self.email})"


class OrderLine(models.Model):
    order = models.ForeignKey(Order, related_name="lines", on_delete=models.CASCADE)
    product = models.ForeignKey(Product, related_name="order_lines", on_delete=models.PROTECT)
    # Snapshots: later catalogue edits must not rewrite what the customer bought.
    sku = models.CharField(max_length=64)
    name = models.CharField(max_length=200)
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="order_line_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku}"

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity


# The transactional outbox lives with the pipeline; imported so Django sees the model.
from shop.pipeline.outbox import OutboxEvent  # noqa: E402, F401
