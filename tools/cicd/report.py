"""The preview comment: a short plan summary plus the environment URL."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

COMMENT_MARKER = "<!-- lambda-shop:preview -->"
_ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_TOTALS_RE = re.compile(
    r"^Plan: (?:(?P<import>\d+) to import, )?(?P<add>\d+) to add, "
    r"(?P<change>\d+) to change, (?P<destroy>\d+) to destroy\."
)
_CHANGE_RE = re.compile(r"^\s*# (?P<address>\S+) (?P<action>(?:will|must) be .+)$")
_MAX_LISTED = 50  # keep the comment readable; the full plan stays in the job log


class ReportError(RuntimeError):
    pass


@dataclass
class PlanSummary:
    add: int = 0
    change: int = 0
    destroy: int = 0
    imports: int = 0
    no_changes: bool = False
    changes: list[str] = field(default_factory=list)

    @property
    def headline(self) -> str:
        if self.no_changes:
            return "no changes"
        parts = [f"{self.add} to add", f"{self.change} to change", f"{self.destroy} to destroy"]
        if self.imports:
            parts.insert(0, f"{self.imports} to import")
        return ", ".join(parts)


def parse_plan_log(text: str) -> PlanSummary:
    """Read `terraform plan` console output; fail loudly rather than post a wrong summary."""
    summary = PlanSummary()
    found = False
    for raw in text.splitlines():
        line = _ANSI_RE.sub("", raw).rstrip()
        change = _CHANGE_RE.match(line)
        if change:
            summary.changes.append(f"{change['address']} {change['action']}")
            continue
        totals = _TOTALS_RE.match(line.strip())
        if totals:
            summary.add = int(totals["add"])
            summary.change = int(totals["change"])
            summary.destroy = int(totals["destroy"])
            summary.imports = int(totals["import"] or 0)
            found = True
        elif line.strip().startswith("No changes."):
            summary.no_changes = True
            found = True
    if not found:
        raise ReportError("the plan log has neither a 'Plan: ...' line nor 'No changes.'")
    return summary


def output_value(outputs: dict[str, Any], name: str) -> Any:
    """Take one value from `terraform output -json` (values are wrapped in {"value": ...})."""
    if name not in outputs:
        known = ", ".join(sorted(outputs)) or "none"
        raise ReportError(f"terraform output {name!r} is missing (outputs: {known})")
    entry = outputs[name]
    return entry["value"] if isinstance(entry, dict) and "value" in entry else entry


def load_outputs(text: str) -> dict[str, Any]:
    try:
        outputs = json.loads(text)
    except json.JSONDecodeError as err:
        raise ReportError(f"outputs are not the JSON of `terraform output -json`: {err}") from err
    if not isinstance(outputs, dict):
        raise ReportError("outputs must be a JSON object")
    return outputs


def render_comment(env: str, url: str, plan: PlanSummary, commit: str = "") -> str:
    lines = [
        COMMENT_MARKER,
        f"### Preview environment `{env}`",
        "",
        f"**URL:** {url}",
        f"**Plan:** {plan.headline}",
    ]
    if commit:
        lines.append(f"**Commit:** `{commit[:12]}`")
    if plan.changes:
        lines += ["", "<details><summary>Planned changes</summary>", "", "```"]
        lines += plan.changes[:_MAX_LISTED]
        if len(plan.changes) > _MAX_LISTED:
            lines.append(f"... and {len(plan.changes) - _MAX_LISTED} more (see the job log)")
        lines += ["```", "", "</details>"]
    lines += ["", f"Destroyed when the PR closes; locally: `make outputs ENV={env}`."]
    return "\n".join(lines) + "\n"
