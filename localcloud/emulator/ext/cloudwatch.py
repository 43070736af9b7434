"""CloudWatch's percentile statistics (p99 and the like), which moto's GetMetricStatistics lacks.

moto accepts ExtendedStatistics but answers every datapoint without them, so an alarm on a
percentile (the release alarm on p99 Duration, modules/lambda_app) could never be evaluated. This
computes them from the raw values moto stores, as CloudWatch does: "CloudWatch needs raw data
points to calculate percentile statistics" (a statistic set counts only with SampleCount 1 or
Minimum = Maximum), none when a value is negative, and Statistics or ExtendedStatistics, not both
(GetMetricStatistics, CloudWatch API Reference). pNN is the nearest-rank percentile: the smallest
value with NN % of the values at or below it.
"""

from __future__ import annotations

import math
import re
from typing import Any

from moto.cloudwatch import models, responses
from moto.cloudwatch.exceptions import InvalidParameterCombination, InvalidParameterValue
from moto.core.responses import ActionResult

_INSTALLED = False
_PERCENTILE = re.compile(r"^p(\d{1,3}(?:\.\d+)?)$")
_original_get_metric_statistics = responses.CloudWatchResponse.get_metric_statistics


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile `share` (0-100) of `values`; None without values."""
    if not values or any(v < 0 for v in values):
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def _raw_values(self: models.Statistics) -> list[float]:
    values = list(self.metric_single_values_list)
    for aggregate in self.metric_aggregated_list:
        if aggregate.sample_count == 1 or aggregate.min == aggregate.max:
            values += [aggregate.max] * int(aggregate.sample_count)
    return values


def _extended_statistics(self: models.Statistics) -> dict[str, float] | None:
    wanted = [s for s in self.stats if _PERCENTILE.match(s)]
    if not wanted:
        return None
    values = _raw_values(self)
    found = {}
    for name in wanted:
        value = percentile(values, float(_PERCENTILE.match(name)[1]))  # type: ignore[index]
        if value is not None:
            found[name] = value
    return found or None


def _get_metric_statistics(self: responses.CloudWatchResponse) -> Any:
    extended = self._get_param("ExtendedStatistics") or []
    if not extended:
        return _original_get_metric_statistics(self)
    if self._get_param("Statistics"):
        raise InvalidParameterCombination(
            "Must specify either Statistics or ExtendedStatistics, but not both"
        )
    bad = [s for s in extended if not _PERCENTILE.match(s) or float(s[1:]) > 100]
    if bad:
        raise InvalidParameterValue(
            f"The values {bad} for parameter ExtendedStatistics are not supported: use p0.0 to p100"
        )
    datapoints = self.cloudwatch_backend.get_metric_statistics(
        self._get_param("Namespace"),
        self._get_param("MetricName"),
        self._get_param("StartTime"),
        self._get_param("EndTime"),
        self._get_int_param("Period"),
        list(extended),
        unit=self._get_param("Unit"),
        dimensions=self._get_param("Dimensions", []),
    )
    return ActionResult({"Label": self._get_param("MetricName"), "Datapoints": datapoints})


def install() -> None:
    global _INSTALLED
    if _INSTALLED:
        return
    models.Statistics.extended_statistics = property(_extended_statistics)  # type: ignore[attr-defined]
    responses.CloudWatchResponse.get_metric_statistics = _get_metric_statistics  # type: ignore[method-assign]
    _INSTALLED = True
