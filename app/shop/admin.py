from django.contrib import admin

from shop.models import Order, OrderLine, Product


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["sku", "name", "price", "currency", "stock", "is_active", "updated_at"]
    list_filter = ["is_active", "currency"]
    list_editable = ["is_active"]
    search_fields = ["sku", "name"]
    readonly_fields = ["created_at", "updated_at"]


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    fields = ["sku", "name", "quantity", "unit_price"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Orders are records of what was sold: staff can look, not rewrite."""

    list_display = ["id", "email", "total", "currency", "status", "created_at", "confirmed_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["email", "=id"]
    readonly_fields = [
        "email",
        "status",
        "currency",
        "total",
        "created_at",
        "confirmed_at",
        "confirmation_sent_at",
        "staff_notified_at",
    ]
    exclude = ["token", "idempotency_key", "request_fingerprint"]
    inlines = [OrderLineInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
