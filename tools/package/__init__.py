"""Build the Lambda deployment package and the static bundle (``make build``).

The package is deterministic (same inputs -> byte-identical zip), precompiled by the exact
target interpreter and pruned of everything the function never imports.
"""

# The package's file name in the output directory. Terraform's lambda_zip_path default
# (terraform/variables.tf) is the one other place that names it, for the real-AWS path.
ZIP_NAME = "lambda.zip"
