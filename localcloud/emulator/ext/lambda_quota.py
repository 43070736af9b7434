"""Lambda's GetAccountSettings, which moto 5 lacks: the account's concurrency quota and its use.

`make plan` asks for it (tools/concurrency.py). The quota is moto's own knob for reserved
concurrency, MOTO_LAMBDA_CONCURRENCY_QUOTA (moto enforces it in PutFunctionConcurrency), else
AWS's default of 1000; UnreservedConcurrentExecutions is what the functions' reservations leave.
"""

from __future__ import annotations

import json
import os
from typing import Any

from moto.awslambda import responses, urls

DEFAULT_QUOTA = 1000
_INSTALLED = False


def get_account_settings(self: responses.LambdaResponse) -> tuple[int, dict[str, Any], str]:
    quota = int(os.environ.get("MOTO_LAMBDA_CONCURRENCY_QUOTA") or DEFAULT_QUOTA)
    functions = list(self.backend.list_functions())
    reserved = sum(int(fn.reserved_concurrency or 0) for fn in functions)
    code_size = sum(int(fn.code_size or 0) for fn in functions)
    body = {
        "AccountLimit": {
            "TotalCodeSize": 80530636800,
            "CodeSizeUnzipped": 262144000,
            "CodeSizeZipped": 52428800,
            "ConcurrentExecutions": quota,
            "UnreservedConcurrentExecutions": quota - reserved,
        },
        "AccountUsage": {"TotalCodeSize": code_size, "FunctionCount": len(functions)},
    }
    return 200, {}, json.dumps(body)


def install() -> None:
    global _INSTALLED
    if _INSTALLED:
        return
    urls.url_paths[r"{0}/(?P<api_version>[^/]+)/account-settings/?$"] = (
        responses.LambdaResponse.dispatch
    )
    responses.LambdaResponse.get_account_settings = get_account_settings
    _INSTALLED = True
