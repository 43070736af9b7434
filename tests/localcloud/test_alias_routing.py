"""The local edge honours an alias's routing configuration, and a bad canary rolls back on its own.

Functions on the emulator with two published versions; the edge's function target for the `live`
alias (localcloud.environment.functions) runs each version from its own code, publishes Lambda's
per-version metrics, and the local alarm evaluator sets the release alarm that tools/release reads.
"""

from __future__ import annotations

import base64
import hashlib
import io
import itertools
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from localcloud.awslambda.metrics import AlarmEvaluator, MetricsPublisher
from localcloud.awslambda.runtime import Runtime, unpack_code
from localcloud.environment.functions import FunctionRef, function_target
from tests.localcloud.aws import REGION, client, put_release_alarm
from tools.release import shift
from tools.release.target import ROLES, Target

# Lambda's routing picks at random; 1000 requests put a 10 % share within 5 points of its target
# with more than 99.9 % probability (binomial, sd ~0.95 points).
REQUESTS = 1000
TOLERANCE = 0.05
GOOD = (
    "import os\n"
    "def handler(event, context):\n"
    "    return {'statusCode': 200, 'body': os.environ['AWS_LAMBDA_FUNCTION_VERSION']}\n"
)
BAD = "def handler(event, context):\n    raise RuntimeError('injected failure')\n"
# Answers, but slower than the p99 duration alarm allows (SLOW_P99_MS).
SLOW = GOOD.replace("def handler", "import time\ndef handler").replace(
    "    return", "    time.sleep(0.4)\n    return"
)
SLOW_P99_MS = 250
_names = itertools.count()


def _zip(source: str, marker: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", source)
        archive.writestr("marker.txt", marker)
    return buffer.getvalue()


def _sha(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


@pytest.fixture
def deploy(moto_endpoint, tmp_path):
    """web, api and manage at versions 1 (live) and 2; the web route's target as the edge has it."""

    def make(v2_source: str, *, p99_ms: float | None = None):
        prefix = f"lambda-shop-canary{next(_names)}"
        lam = client(moto_endpoint, "lambda")
        role = client(moto_endpoint, "iam").create_role(
            RoleName=f"{prefix}-role", AssumeRolePolicyDocument="{}"
        )["Role"]["Arn"]
        v1, v2 = _zip(GOOD, "1"), _zip(v2_source, "2")
        for role_name in ROLES:
            name = f"{prefix}-{role_name}"
            lam.create_function(
                FunctionName=name,
                Runtime="python3.13",
                Role=role,
                Handler="app.handler",
                Code={"ZipFile": v1},
                Publish=True,
                Timeout=5,
            )
            lam.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
            lam.update_function_code(FunctionName=name, ZipFile=v2, Publish=True)
        put_release_alarm(
            client(moto_endpoint, "cloudwatch"),
            f"{prefix}-web",
            version="2",
            period=10,
            p99_ms=p99_ms,
        )
        # make up unpacked version 1 when it was deployed; dist/ holds the build of version 2.
        code_root = tmp_path / prefix / "code"
        unpack_code(v1, _sha(v1), code_root)
        zip_path = tmp_path / prefix / "lambda.zip"
        zip_path.write_bytes(v2)
        cloudwatch = client(moto_endpoint, "cloudwatch")
        metrics = MetricsPublisher(cloudwatch, interval=0.5)
        evaluator = AlarmEvaluator(cloudwatch, interval=0.5)
        target = function_target(
            lam,
            FunctionRef(
                f"{prefix}-web",
                "live",
                f"arn:aws:lambda:{REGION}:123456789012:function:{prefix}-web:live",
            ),
            built=_sha(v2),
            zip_path=zip_path,
            code_root=code_root,
            workers=2,
            runtime_override=Runtime(python=Path(sys.executable), layers=()),
            endpoint=moto_endpoint,
            region=REGION,
            extra_env={},
            metrics=metrics,
        )
        cleanup.append(lambda: (target.pool.close(), metrics.close(), evaluator.close()))
        release = Target(
            env="canary",
            prefix=prefix,
            region=REGION,
            endpoint=moto_endpoint,
            credentials={"aws_access_key_id": "testing", "aws_secret_access_key": "testing"},
        )
        return target.pool, release

    cleanup: list = []
    yield make
    for action in cleanup:
        action()


class Traffic:
    """Requests one after the other on a thread, each recorded as (start, version or None)."""

    def __init__(self, router) -> None:
        self.router = router
        self.log: list[tuple[float, str | None]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            invocation = self.router.invoke({"rawPath": "/"})
            version = invocation.payload["body"] if invocation.ok else None
            self.log.append((started, version))
            time.sleep(0.005)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)


def test_a_canary_gets_its_share_of_requests(deploy, moto_endpoint) -> None:
    router, _ = deploy(GOOD)
    client(moto_endpoint, "lambda").update_alias(
        FunctionName=router.function,
        Name="live",
        RoutingConfig={"AdditionalVersionWeights": {"2": 0.1}},
    )
    served = [router.invoke({"rawPath": "/"}).payload["body"] for _ in range(REQUESTS)]
    share = served.count("2") / REQUESTS
    assert set(served) == {"1", "2"}
    assert abs(share - 0.1) <= TOLERANCE, share


def test_a_failing_canary_rolls_back_automatically(deploy, capsys) -> None:
    router, release = deploy(BAD)
    traffic = Traffic(router)
    try:
        with pytest.raises(shift.RolledBack, match="web-release-errors"):
            shift.release(release, shift.steps("canary", canary_percent=50, bake=60), poll=0.2)
        rolled_back = time.monotonic()
        time.sleep(router.refresh + 2)
    finally:
        traffic.stop()
    failed = [t for t, version in traffic.log if version is None]
    assert failed, "the injected failure never reached a request"
    # Once the edge has read the rolled-back alias (within its refresh), nothing fails.
    after = [v for t, v in traffic.log if t > rolled_back + router.refresh]
    assert after and set(after) == {"1"}
    last_bad = max(t for t, version in traffic.log if version is None)
    with capsys.disabled():
        print(
            f"\nautomatic rollback: last request to the bad version {last_bad - rolled_back:+.2f}s"
        )


def test_a_slow_canary_is_rolled_back_by_its_p99_duration_alarm(deploy) -> None:
    router, release = deploy(SLOW, p99_ms=SLOW_P99_MS)
    traffic = Traffic(router)
    try:
        with pytest.raises(shift.RolledBack, match="web-release-p99-duration") as rolled:
            shift.release(release, shift.steps("canary", canary_percent=50, bake=60), poll=0.2)
        rolled_back = time.monotonic()
        time.sleep(router.refresh + 1)
    finally:
        traffic.stop()
    # Every request answered: slowness alone, and the p99 of the new version's Duration caught it.
    assert all(version is not None for _, version in traffic.log)
    assert "p99" in str(rolled.value)
    assert {v for t, v in traffic.log if t > rolled_back + router.refresh} == {"1"}
    alias = client(release.endpoint, "lambda").get_alias(FunctionName=router.function, Name="live")
    assert alias["FunctionVersion"] == "1" and not alias.get("RoutingConfig", {}).get(
        "AdditionalVersionWeights"
    )


def test_make_rollback_ends_a_canary_within_the_edges_refresh(deploy, capsys) -> None:
    router, release = deploy(GOOD)
    client(release.endpoint, "lambda").update_alias(
        FunctionName=router.function,
        Name="live",
        RoutingConfig={"AdditionalVersionWeights": {"2": 0.5}},
    )
    traffic = Traffic(router)
    try:
        time.sleep(1)
        shift.rollback(release, say=lambda _: None)
        rolled_back = time.monotonic()
        time.sleep(router.refresh + 2)
    finally:
        traffic.stop()
    served_new = [t for t, version in traffic.log if version == "2"]
    assert served_new and [v for t, v in traffic.log if t > rolled_back + router.refresh]
    assert {v for t, v in traffic.log if t > rolled_back + router.refresh} == {"1"}
    with capsys.disabled():
        last = max(served_new) - rolled_back
        print(f"\nmake rollback: last request to the new version {last:+.2f}s")
