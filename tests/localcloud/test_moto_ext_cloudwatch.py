"""Percentile statistics from moto's stored values (localcloud.emulator.ext.cloudwatch)."""

from __future__ import annotations

import datetime as dt

import pytest
from botocore.exceptions import ClientError

from localcloud.emulator.ext.cloudwatch import percentile
from tests.localcloud.aws import client

DIMENSIONS = [{"Name": "FunctionName", "Value": "ext-p99"}]


def _statistics(cloudwatch, **kind):
    now = dt.datetime.now(dt.UTC)
    return cloudwatch.get_metric_statistics(
        Namespace="Ext/P99",
        MetricName="Duration",
        Dimensions=DIMENSIONS,
        StartTime=now - dt.timedelta(minutes=5),
        EndTime=now + dt.timedelta(minutes=1),
        Period=3600,
        **kind,
    )["Datapoints"]


def test_percentiles_come_from_the_raw_values(moto_endpoint) -> None:
    cloudwatch = client(moto_endpoint, "cloudwatch")
    # 1..100 ms, one value per datum, plus a statistic set that is one value (Min = Max).
    data = [
        {"MetricName": "Duration", "Value": float(v), "Dimensions": DIMENSIONS}
        for v in range(1, 101)
    ]
    data.append(
        {
            "MetricName": "Duration",
            "Dimensions": DIMENSIONS,
            "StatisticValues": {"SampleCount": 2, "Sum": 1000, "Minimum": 500, "Maximum": 500},
        }
    )
    for start in range(0, len(data), 50):
        cloudwatch.put_metric_data(Namespace="Ext/P99", MetricData=data[start : start + 50])
    (point,) = _statistics(cloudwatch, ExtendedStatistics=["p50", "p99", "p100"])
    # 102 values: rank ceil(0.5 * 102) = 51 -> 51; ceil(0.99 * 102) = 101 -> 500.
    assert point["ExtendedStatistics"] == {"p50": 51.0, "p99": 500.0, "p100": 500.0}
    (plain,) = _statistics(cloudwatch, Statistics=["Maximum"])
    assert plain["Maximum"] == 500.0 and "ExtendedStatistics" not in plain


def test_statistics_and_extended_statistics_are_not_taken_together(moto_endpoint) -> None:
    cloudwatch = client(moto_endpoint, "cloudwatch")
    with pytest.raises(ClientError, match="not both"):
        _statistics(cloudwatch, Statistics=["Sum"], ExtendedStatistics=["p99"])
    with pytest.raises(ClientError, match=r"p0\.0 to p100"):
        _statistics(cloudwatch, ExtendedStatistics=["p101"])


def test_nearest_rank_percentile() -> None:
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([1.0], 99) == 1.0
    assert percentile([], 99) is None
    # CloudWatch has no percentiles for metrics with a negative value.
    assert percentile([-1.0, 2.0], 99) is None
