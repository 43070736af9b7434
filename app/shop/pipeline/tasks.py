"""Tasks the worker function runs (Tasks API: `confirm_order.enqueue(order_id=...)`)."""

from django_tasks import task

from shop.pipeline import services


@task()
def confirm_order(*, order_id: int) -> bool:
    return services.confirm_order(order_id=order_id).changed
