"""A local function's output reaches the emulator's CloudWatch Logs (the log shipping hook)."""

from __future__ import annotations

import itertools
import sys

from localcloud.awslambda.cwlogs import LogShipper
from localcloud.awslambda.pool import WorkerPool
from tests.localcloud.aws import client

_groups = itertools.count()


def test_what_the_function_prints_is_shipped_to_its_log_group(moto_endpoint, fake_code, tmp_path):
    logs = client(moto_endpoint, "logs")
    group = f"/aws/lambda/lambda-shop-logs{next(_groups)}-api"
    logs.create_log_group(logGroupName=group)
    shipper = LogShipper(logs, group=group, version="7", interval=0.1)
    pool = WorkerPool(
        python=sys.executable,
        code_dir=fake_code,
        handler="fake_handler.handler",
        env={"PATH": "/usr/bin:/bin"},
        timeout=3.0,
        size=1,
        log_file=tmp_path / "function.log",
        log_sink=shipper,
    )
    try:
        result = pool.invoke({"action": "print"})
    finally:
        pool.close()
        shipper.close()
    assert result.status == "ok"
    streams = logs.describe_log_streams(logGroupName=group)["logStreams"]
    assert [s["logStreamName"].split("/")[-1][:3] for s in streams] == ["[7]"]
    messages = [e["message"] for e in logs.filter_log_events(logGroupName=group)["events"]]
    assert any(m.startswith("START RequestId: ") for m in messages), messages
    assert any(m.startswith("END RequestId: ") for m in messages), messages
    # The local file keeps every line as well.
    assert "START RequestId: " in (tmp_path / "function.log").read_text()


def test_a_missing_log_group_costs_only_a_warning(moto_endpoint, caplog):
    shipper = LogShipper(client(moto_endpoint, "logs"), group="/aws/lambda/absent", version="1")
    shipper("a line\n")
    shipper.close()
    assert "could not ship 1 log lines to /aws/lambda/absent" in caplog.text
