from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from shop.models import Order, OrderLine, Product
from shop.selectors import product_stock
from shop.services import add_stock, set_stock


class ProductForm(forms.ModelForm):
    """The product plus its total stock; saving spreads the total over the stock shards."""

    # The figure shown travels with the form, so a save applies the staff's change to what
    # is left by then rather than putting back units sold while the form was open.
    stock = forms.IntegerField(
        min_value=0,
        initial=0,
        show_hidden_initial=True,
        help_text="Total units for sale. Saving spreads them over the product's stock shards.",
    )

    class Meta:
        model = Product
        fields = ["sku", "name", "description", "price", "currency", "image", "is_active"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["stock"].initial = product_stock(product=self.instance)

    def stock_shown(self) -> int | None:
        """The total the form showed when it was opened (None for a new product)."""
        if not self.instance.pk:
            return None
        try:
            return self.fields["stock"].to_python(self.data.get(self.add_initial_prefix("stock")))
        except ValidationError:
            return None


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    form = ProductForm
    list_display = ["sku", "name", "price", "currency", "total_stock", "is_active", "updated_at"]
    list_filter = ["is_active", "currency"]
    list_editable = ["is_active"]
    search_fields = ["sku", "name"]
    readonly_fields = ["created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_stock()

    @admin.display(description="stock", ordering="stock")
    def total_stock(self, obj: Product) -> int:
        return obj.stock

    def save_model(self, request, obj: Product, form: ProductForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change or "stock" in form.changed_data:
            wanted, shown = form.cleaned_data["stock"], form.stock_shown()
            if shown is None:
                set_stock(product=obj, quantity=wanted)
            else:
                add_stock(product=obj, quantity=wanted - shown)


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
