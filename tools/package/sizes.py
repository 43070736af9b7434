"""The package's size against Lambda's limits and the project's budget."""

from __future__ import annotations

MIB = 1024 * 1024
# Lambda's hard limits for a directly uploaded zip and for the unpacked code (AWS means MiB).
LAMBDA_ZIPPED_LIMIT = 50 * MIB
LAMBDA_UNZIPPED_LIMIT = 250 * MIB


def size_lines(info: dict, *, zip_name: str) -> list[str]:
    zipped, unzipped, budget = info["zipped_bytes"], info["unzipped_bytes"], info["budget_bytes"]
    return [
        f"{zip_name} for {info['runtime']}/{info['arch']} "
        f"(bytecode {info['cache_tag']} by Python {info['interpreter_version']})",
        f"  sha256    {info['sha256']}",
        f"  zipped    {zipped / MIB:7.2f} MiB  {zipped / budget:4.0%} of the project budget "
        f"({budget / MIB:g} MiB), {zipped / LAMBDA_ZIPPED_LIMIT:4.0%} of Lambda's "
        f"{LAMBDA_ZIPPED_LIMIT // MIB} MiB",
        f"  unzipped  {unzipped / MIB:7.2f} MiB  {unzipped / LAMBDA_UNZIPPED_LIMIT:4.0%} "
        f"of Lambda's {LAMBDA_UNZIPPED_LIMIT // MIB} MiB ({info['files']} files)",
        f"  static/   {info['static_files']} files; storefront/ {info['storefront_files']} files;"
        f" locales kept: {', '.join(info['locales'] or ['all'])} ({info['locales_source']})",
    ]


def limit_problems(info: dict) -> list[str]:
    """Every limit the package breaks, as sentences; empty when it fits."""
    problems = []
    if info["zipped_bytes"] > LAMBDA_ZIPPED_LIMIT:
        problems.append(f"the zip exceeds Lambda's {LAMBDA_ZIPPED_LIMIT // MIB} MiB upload limit")
    if info["unzipped_bytes"] > LAMBDA_UNZIPPED_LIMIT:
        problems.append(f"unzipped it exceeds Lambda's {LAMBDA_UNZIPPED_LIMIT // MIB} MiB limit")
    if info["zipped_bytes"] > info["budget_bytes"]:
        problems.append(
            f"the zip is {info['zipped_bytes'] / MIB:.2f} MiB, over the project budget of "
            f"{info['budget_bytes'] / MIB:g} MiB (LAMBDA_ZIP_BUDGET_MB); see the pruning report "
            "above, drop a dependency from requirements/app.in, or raise the budget on purpose"
        )
    return problems
