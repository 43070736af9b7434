"""Issue 12, finding 8: `make plan` names a concurrency quota too small for the reservations."""

import io
import zipfile

from tests.localcloud.aws import client
from tools.concurrency import check


def plan_reserving(**reserved: int) -> dict:
    return {
        "resource_changes": [
            {
                "address": f'module.function["{name}"].aws_lambda_function.this',
                "type": "aws_lambda_function",
                "change": {
                    "after": {"function_name": name, "reserved_concurrent_executions": value}
                },
            }
            for name, value in reserved.items()
        ]
    }


def test_the_emulator_reports_the_account_quota(moto_endpoint):
    settings = client(moto_endpoint, "lambda").get_account_settings()["AccountLimit"]
    assert settings["ConcurrentExecutions"] == 1000
    assert settings["UnreservedConcurrentExecutions"] <= 1000


def test_production_reservations_fit_a_default_account(moto_endpoint):
    ok, message = check(plan_reserving(shop_web=200, shop_api=200), client(moto_endpoint, "lambda"))
    assert ok, message
    assert "reserving 400" in message and "quota of 1000" in message


def test_a_quota_too_small_is_named_before_the_apply(moto_endpoint):
    ok, message = check(plan_reserving(shop_web=500, shop_api=450), client(moto_endpoint, "lambda"))
    assert not ok
    assert "needs a ConcurrentExecutions quota of at least 1050, but it has 1000" in message


def test_other_functions_reservations_count_and_the_plans_own_do_not_twice(moto_endpoint):
    lam = client(moto_endpoint, "lambda")
    iam = client(moto_endpoint, "iam")
    role = iam.create_role(
        RoleName="quota-test", AssumeRolePolicyDocument='{"Version":"2012-10-17","Statement":[]}'
    )["Role"]["Arn"]
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return event\n")
    for name in ("quota-other", "quota-shop"):
        lam.create_function(
            FunctionName=name, Runtime="python3.13", Role=role, Handler="index.handler",
            Code={"ZipFile": package.getvalue()},
        )  # fmt: skip
    lam.put_function_concurrency(FunctionName="quota-other", ReservedConcurrentExecutions=300)
    lam.put_function_concurrency(FunctionName="quota-shop", ReservedConcurrentExecutions=500)
    try:
        # 500 again for quota-shop is no extra reservation; 300 elsewhere leaves 600 for the plan.
        assert check(plan_reserving(**{"quota-shop": 500}), lam)[0]
        ok, message = check(plan_reserving(**{"quota-shop": 650}), lam)
        assert not ok
        assert "300 reserved by other functions" in message
    finally:
        for name in ("quota-other", "quota-shop"):
            lam.delete_function(FunctionName=name)
        iam.delete_role(RoleName="quota-test")
