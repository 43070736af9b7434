"""Does the account's Lambda concurrency quota hold the plan's reserved concurrency? (`make plan`)

Lambda keeps 100 concurrent executions unreserved in every account, so the reservations may add
up to the account's ConcurrentExecutions quota minus 100 (minus what other functions of the
account reserve). A new account's quota can be as low as 10; without this check the apply
fails only at PutFunctionConcurrency, halfway through.

Usage: python -m tools.concurrency PLAN.json   (terraform show -json of a saved plan)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

UNRESERVED_MINIMUM = 100


def planned_reservations(plan: dict[str, Any]) -> dict[str, int]:
    """Reserved concurrency of each function as the plan leaves it, by function name."""
    reserved: dict[str, int] = {}
    for change in plan.get("resource_changes", []):
        if change.get("type") != "aws_lambda_function":
            continue
        after = (change.get("change") or {}).get("after") or {}
        value = after.get("reserved_concurrent_executions")
        if isinstance(value, int) and value > 0:
            reserved[after.get("function_name") or change["address"]] = value
    return reserved


def current_reservations(lambda_client: Any, names: set[str]) -> int:
    """What the plan's functions reserve today (the account's unreserved pool excludes it)."""
    total = 0
    for name in names:
        try:
            found = lambda_client.get_function_concurrency(FunctionName=name)
        except lambda_client.exceptions.ResourceNotFoundException:
            continue
        total += found.get("ReservedConcurrentExecutions") or 0
    return total


def check(plan: dict[str, Any], lambda_client: Any) -> tuple[bool, str]:
    reserved = planned_reservations(plan)
    if not reserved:
        return True, "Lambda concurrency: nothing reserved, nothing to check."
    limit = lambda_client.get_account_settings()["AccountLimit"]
    # Unreserved = quota - every reservation; add back the plan's own functions' current ones.
    available = limit["UnreservedConcurrentExecutions"] + current_reservations(
        lambda_client, set(reserved)
    )
    total = sum(reserved.values())
    detail = ", ".join(f"{name} {value}" for name, value in sorted(reserved.items()))
    others = limit["ConcurrentExecutions"] - available
    needed = total + UNRESERVED_MINIMUM + others
    if needed <= limit["ConcurrentExecutions"]:
        return True, (
            f"Lambda concurrency: reserving {total} ({detail}) fits the account's quota of "
            f"{limit['ConcurrentExecutions']}."
        )
    return False, (
        f"error: the plan reserves {total} concurrent executions ({detail}); with "
        f"{UNRESERVED_MINIMUM} that Lambda keeps unreserved and {others} reserved by other "
        f"functions, the account needs a ConcurrentExecutions quota of at least {needed}, but it "
        f"has {limit['ConcurrentExecutions']}. Request an increase (Service Quotas > AWS Lambda > "
        "Concurrent executions) or lower lambda_reserved_concurrency; the apply would fail."
    )


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tools.concurrency PLAN.json", file=sys.stderr)
        return 2
    import boto3

    plan = json.loads(Path(argv[0]).read_text())
    # The stack's region, as planned (the credentials are the ones Terraform used).
    region = (plan.get("variables", {}).get("region") or {}).get("value")
    ok, message = check(plan, boto3.client("lambda", region_name=region))
    print(message, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
