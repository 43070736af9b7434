"""Settings of the order pipeline (shop.pipeline), from the environment like all others.

With SHOP_ORDER_QUEUE_URL (set by Terraform on every function) tasks go to SQS and mail goes
through SES. Without it, in development only, tasks run at once in the process (`make run`
confirms an order right after checkout) and mail is printed to the console.
"""

from config.env import env_int, env_str

_production = env_str("DJANGO_ENV", "development") == "production"

SHOP_AWS_REGION = env_str("AWS_REGION") or env_str("AWS_DEFAULT_REGION") or None
SHOP_ORDER_QUEUE_URL = env_str("SHOP_ORDER_QUEUE_URL")
SHOP_STAFF_TOPIC_ARN = env_str("SHOP_STAFF_TOPIC_ARN")
# The SES identity the shop sends from; production must name it.
SHOP_EMAIL_FROM = env_str("SHOP_EMAIL_FROM", "" if _production else "shop@example.com")
# The sweep leaves younger events to the send right after their commit.
SHOP_OUTBOX_SWEEP_AFTER_SECONDS = env_int("SHOP_OUTBOX_SWEEP_AFTER_SECONDS", 30)

if SHOP_ORDER_QUEUE_URL or _production:
    TASKS = {
        "default": {
            "BACKEND": "shop.pipeline.backend.SQSBackend",
            "OPTIONS": {"QUEUE_URL": SHOP_ORDER_QUEUE_URL, "REGION": SHOP_AWS_REGION},
        }
    }
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django_ses.SESBackend"
    if TASKS["default"]["BACKEND"].endswith("SQSBackend")
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = SHOP_EMAIL_FROM
# django-ses: the function's region, boto3's own endpoint resolution (AWS_ENDPOINT_URL too) and
# no per-send quota lookup: SES throttling fails the message, and SQS retries it.
AWS_SES_REGION_NAME = SHOP_AWS_REGION
AWS_SES_REGION_ENDPOINT_URL = None
AWS_SES_AUTO_THROTTLE = None
