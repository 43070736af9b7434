"""AWS Lambda entry points.

`handler`: API Gateway HTTP API (payload 2.0) events, management commands, and the outbox sweep's
EventBridge schedule. `worker`: SQS batches of the order queue.

Django is set up once per container, at import, so warm invocations only route requests.
"""

import io
import os
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ENV", "production")

import django

django.setup()

from apig_wsgi import make_lambda_handler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.base import CommandError  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import DatabaseError  # noqa: E402

from config.request_log import log_request  # noqa: E402
from shop.pipeline import handler as pipeline  # noqa: E402

# Commands that wait for a terminal or serve forever would only burn the function's timeout.
INTERACTIVE_COMMANDS = frozenset({"shell", "dbshell", "runserver", "testserver", "shell_plus"})

_http_handler = make_lambda_handler(get_wsgi_application(), binary_support=True)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    if "manage" in event:
        return manage(event["manage"])
    if pipeline.is_scheduled_event(event):
        return pipeline.handle_schedule(event)
    started = time.perf_counter()
    response = _http_handler(event, context)
    # Django renders each Set-Cookie value with a leading space (header="" in SimpleCookie).
    if response.get("cookies"):
        response["cookies"] = [cookie.strip() for cookie in response["cookies"]]
    log_request(event, context, response, started)
    return response


def worker(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return pipeline.handle_sqs_batch(event)


def manage(argv: Any) -> dict[str, Any]:
    """Run one management command: {"manage": ["migrate", "--noinput"]}."""
    if not isinstance(argv, list) or not argv or not all(isinstance(a, str) for a in argv):
        return {
            "exit_status": 2,
            "output": 'error: "manage" must be a non-empty list of strings, '
            'such as ["migrate", "--noinput"]',
        }
    name, *args = argv
    if name in INTERACTIVE_COMMANDS:
        return {"exit_status": 2, "output": f"error: {name!r} is interactive; run it elsewhere"}
    output = io.StringIO()
    try:
        call_command(name, *args, stdout=output, stderr=output)
    except CommandError as exc:
        output.write(f"error: {exc}\n")
        return {"exit_status": 1, "output": output.getvalue()}
    except DatabaseError as exc:
        # A migration that fails in the database: what it printed so far, then why, so that the
        # release stops on the command's output (terraform/deploy.tf) and not on a bare traceback.
        output.write(f"error: {type(exc).__name__}: {exc}\n")
        return {"exit_status": 1, "output": output.getvalue()}
    except SystemExit as exc:  # argparse exits on bad arguments
        code = exc.code if isinstance(exc.code, int) else 1
        return {"exit_status": code, "output": output.getvalue()}
    return {"exit_status": 0, "output": output.getvalue()}
