"""One JSON line per HTTP request on stdout, which Lambda sends to the function's CloudWatch log.

It carries the Lambda request id and the version that served the request, so that during a canary
the new version's errors can be told from the old one's (`make logs`, docs/releases.md).
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any


def log_request(
    event: dict[str, Any], context: Any, response: dict[str, Any], started: float
) -> None:
    status = response.get("statusCode")
    request_context = event.get("requestContext") or {}
    line = {
        "level": "ERROR" if isinstance(status, int) and status >= 500 else "INFO",
        "message": "request",
        "requestId": getattr(context, "aws_request_id", None),
        "apiRequestId": request_context.get("requestId"),
        "function": os.environ.get("AWS_LAMBDA_FUNCTION_NAME"),
        "version": os.environ.get("AWS_LAMBDA_FUNCTION_VERSION"),
        "method": (request_context.get("http") or {}).get("method"),
        "path": event.get("rawPath"),
        "status": status,
        "durationMs": round((time.perf_counter() - started) * 1000, 1),
    }
    print(json.dumps(line), file=sys.stdout, flush=True)
