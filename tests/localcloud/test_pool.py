import json
import sys
import threading
import time

import pytest

from localcloud.awslambda.pool import WorkerPool


@pytest.fixture
def make_pool(fake_code):
    pools = []

    def make(**kwargs):
        options = {
            "python": sys.executable,
            "code_dir": fake_code,
            "handler": "fake_handler.handler",
            "env": {"FAKE_ENV": "from-the-function", "PATH": "/usr/bin:/bin"},
            "timeout": 3.0,
            "size": 2,
            **kwargs,
        }
        pool = WorkerPool(**options)
        pools.append(pool)
        return pool

    yield make
    for pool in pools:
        pool.close()


def body(invocation):
    return json.loads(invocation.payload["body"])


def test_invocation_runs_in_the_code_dir_with_the_functions_environment(make_pool, fake_code):
    pool = make_pool(timeout=3.0)
    result = pool.invoke({"action": "print"})
    assert result.status == "ok"
    data = body(result)
    assert data["fake_env"] == "from-the-function"
    assert data["cwd"] == str(fake_code)
    assert 0 < data["remaining_ms"] <= 3000
    assert len(data["request_id"]) == 36


def test_a_handler_exception_is_a_function_error_and_the_worker_stays(make_pool):
    pool = make_pool(size=1)
    first = body(pool.invoke({"action": "ok"}))["pid"]
    failed = pool.invoke({"action": "raise"})
    assert (failed.status, failed.error["errorType"], failed.error["errorMessage"]) == (
        "error",
        "RuntimeError",
        "boom",
    )
    assert body(pool.invoke({"action": "ok"}))["pid"] == first


def test_a_crashed_worker_is_replaced(make_pool):
    pool = make_pool(size=1)
    first = body(pool.invoke({"action": "ok"}))["pid"]
    crashed = pool.invoke({"action": "crash"})
    assert (crashed.status, crashed.error["errorType"]) == ("crash", "Runtime.ExitError")
    again = pool.invoke({"action": "ok"})
    assert again.status == "ok"
    assert body(again)["pid"] != first


def test_the_timeout_kills_the_invocation_and_the_pool_keeps_serving(make_pool):
    pool = make_pool(size=1, timeout=1.0)
    pool.warm()
    started = time.monotonic()
    result = pool.invoke({"action": "sleep", "s": 30})
    took = time.monotonic() - started
    assert result.status == "timeout"
    assert result.error == {
        "errorType": "Sandbox.Timedout",
        "errorMessage": "Task timed out after 1.00 seconds",
    }
    assert 0.9 < took < 3
    assert pool.invoke({"action": "ok"}).status == "ok"


def test_workers_serve_concurrent_invocations(make_pool):
    pool = make_pool(size=2)
    pool.warm()
    pool.warm()
    results = []

    def call():
        results.append(pool.invoke({"action": "sleep", "s": 1}))

    threads = [threading.Thread(target=call) for _ in range(2)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - started
    assert [r.status for r in results] == ["ok", "ok"]
    assert len({body(r)["pid"] for r in results}) == 2
    assert took < 1.8


def test_requests_queue_for_a_full_pool(make_pool):
    pool = make_pool(size=1)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(pool.invoke({"action": "sleep", "s": 0.3})))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status for r in results] == ["ok", "ok", "ok"]
    assert len({body(r)["pid"] for r in results}) == 1


def test_an_init_failure_is_reported_as_a_function_error(make_pool):
    pool = make_pool(handler="missing_module.handler")
    result = pool.invoke({"action": "ok"})
    assert result.status == "error"
    assert result.error["errorType"] == "Runtime.InitError"
    assert "ModuleNotFoundError" in result.error["errorMessage"]


def test_the_first_invocation_reports_the_init_phase_like_lambdas_report_line(make_pool):
    pool = make_pool(size=1)
    cold, warm = pool.invoke({"action": "ok"}), pool.invoke({"action": "ok"})
    assert cold.init_ms is not None and cold.init_ms > 0
    assert warm.init_ms is None
    assert 0 < cold.cpu_ms <= warm.cpu_ms
    assert warm.duration_ms > 0


def test_an_init_longer_than_its_limit_is_retried_within_the_function_timeout(make_pool, fake_code):
    # Lambda's Init phase gets 10 s; past that, the first invocation retries it with the
    # function's timeout (here: a 0.5 s init limit, a 1 s init, a 5 s timeout).
    (fake_code / "slow_init.py").write_text(
        "import time\ntime.sleep(1)\nfrom fake_handler import handler\n"
    )
    pool = make_pool(handler="slow_init.handler", init_timeout=0.5, timeout=5.0)
    assert pool.invoke({"action": "ok"}).status == "ok"
    hopeless = make_pool(handler="slow_init.handler", init_timeout=0.5, timeout=0.5)
    assert hopeless.invoke({"action": "ok"}).error["errorType"] == "Runtime.InitError"
