# lambda-shop: every target works the same from a laptop and from CI.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP_FLAGS ?= --quiet --require-hashes
PYTEST_ARGS ?=

# Fragments in mk/ append to these; the core targets below stay generic.
TEST_DEPS :=
CLEAN_PATHS := .pytest_cache .ruff_cache

include $(sort $(wildcard mk/*.mk))

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_.-]+:.*## / {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: venv
venv: $(VENV)/.installed ## Create the virtualenv with the locked dependencies

$(VENV)/.installed: requirements/dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "error: $(PYTHON) is older than Python 3.11" >&2; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install $(PIP_FLAGS) -r requirements/dev.txt 2> >(grep -v 'is ignored: it is neither' >&2)
	@touch $@

# Lambda's Python runtime brings these (boto3 & co.); the package must not carry a second copy.
LAMBDA_RUNTIME_PACKAGES := boto3 botocore jmespath s3transfer python-dateutil six urllib3

.PHONY: lock
lock: venv ## Re-resolve requirements/*.txt from requirements/*.in (with hashes)
	$(PY) -m pip install --quiet uv
	cd requirements && ../$(VENV)/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
		$(foreach p,$(LAMBDA_RUNTIME_PACKAGES),--no-emit-package $(p)) app.in -o app.txt
	cd requirements && ../$(VENV)/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes dev.in -o dev.txt

.PHONY: lint
lint: venv ## Lint the Python code with ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

.PHONY: test
test: venv lint $(TEST_DEPS) ## Run every test (the same command CI runs)
	$(PY) -m pytest $(PYTEST_ARGS)

.PHONY: clean
clean: ## Remove build outputs and caches (keeps the virtualenv)
	rm -rf $(CLEAN_PATHS)
