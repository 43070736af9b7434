"""Build the Lambda deployment package and the static bundle (``make build``).

The package is deterministic (same inputs -> byte-identical zip), precompiled by the exact
target interpreter and pruned of everything the function never imports.
"""
