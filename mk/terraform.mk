# Terraform: one environment (state, lock and resources) per ENV, the same from a laptop and from CI.
#   make plan ENV=pr-42        make apply        make outputs OUTPUTS_FORMAT=json        make destroy ENV=pr-42
# ENV defaults to the current git branch, made into a valid name by tools/envname.py.

TF ?= terraform
TF_ROOT ?= terraform
# A filesystem mirror of the providers (e.g. where the registry is unreachable); plain `terraform init` when empty.
TF_PLUGIN_DIR ?=
# The state bucket made by terraform/bootstrap, and its region.
TF_STATE_BUCKET ?=
TF_STATE_REGION ?= $(or $(AWS_REGION),$(AWS_DEFAULT_REGION))
TF_STATE_KEY_PREFIX ?= env/
TF_BACKEND_CONFIG ?= environments/backend.hcl
# Region of the stack; empty keeps environments/common.tfvars.
REGION ?=
# Anything else for plan/apply/destroy, e.g. TF_ARGS='-var lambda_memory_size=2048' or -target=...
TF_ARGS ?=
# text for people, json for tools (`make -s outputs OUTPUTS_FORMAT=json`).
OUTPUTS_FORMAT ?= text
# CI has no one to answer the prompt.
TF_AUTO_APPROVE ?= $(if $(CI),-auto-approve,)
CHECKOV_VENV ?= .local/checkov-venv

# Evaluated once, and only when a target needs it (plain `make test` never runs git for this).
ENV ?= $(eval ENV := $(shell $(PYTHON) tools/envname.py))$(ENV)

TF_DATA = $(CURDIR)/.local/terraform/$(ENV)
TF_ENV_VARS = $(if $(wildcard environments/$(ENV).tfvars),environments/$(ENV).tfvars,environments/preview.tfvars)
TF_VAR_ARGS = -var-file=$(CURDIR)/environments/common.tfvars -var-file=$(CURDIR)/$(TF_ENV_VARS) \
	-var env=$(ENV) $(if $(REGION),-var region=$(REGION),) $(TF_ARGS)
# Each environment gets its own .terraform directory, so switching ENV never reuses another's backend.
TF_RUN = TF_DATA_DIR=$(TF_DATA) TF_IN_AUTOMATION=$(if $(CI),1,) $(TF) -chdir=$(TF_ROOT)

TEST_DEPS += checkov-deps
CLEAN_PATHS += .local/terraform

.PHONY: tf-env
tf-env: ## Print the environment name make would use (ENV, else derived from the branch)
	@$(PYTHON) tools/envname.py --env '$(ENV)'

.PHONY: tf-init
tf-init: ## Initialise the root with ENV's state (env/<ENV>/terraform.tfstate in TF_STATE_BUCKET)
	@$(PYTHON) tools/envname.py --env '$(ENV)' >/dev/null
	@test -n '$(TF_STATE_BUCKET)' || { echo "error: TF_STATE_BUCKET is not set: name the state bucket created by terraform/bootstrap" >&2; exit 2; }
	@test -n '$(TF_STATE_REGION)' || { echo "error: TF_STATE_REGION is not set (nor AWS_REGION): name the state bucket's region" >&2; exit 2; }
	@echo "environment $(ENV): $(TF_ENV_VARS), state s3://$(TF_STATE_BUCKET)/$(TF_STATE_KEY_PREFIX)$(ENV)/terraform.tfstate" >&2
	@mkdir -p $(TF_DATA)
	@# stdout goes to stderr so that `make -s outputs OUTPUTS_FORMAT=json` prints nothing but JSON.
	$(TF_RUN) init -input=false -reconfigure \
		$(if $(TF_PLUGIN_DIR),-plugin-dir=$(TF_PLUGIN_DIR),) \
		-backend-config=$(CURDIR)/$(TF_BACKEND_CONFIG) \
		-backend-config=bucket=$(TF_STATE_BUCKET) \
		-backend-config=region=$(TF_STATE_REGION) \
		-backend-config=key=$(TF_STATE_KEY_PREFIX)$(ENV)/terraform.tfstate >&2

.PHONY: plan
plan: tf-init ## Plan ENV (saved to .local/terraform/<ENV>/tfplan) and check the account's Lambda concurrency quota
	$(TF_RUN) plan -input=false -lock-timeout=5m $(TF_VAR_ARGS) -out=$(TF_DATA)/tfplan
	$(TF_RUN) show -json $(TF_DATA)/tfplan > $(TF_DATA)/tfplan.json
	$(PY) -m tools.concurrency $(TF_DATA)/tfplan.json

.PHONY: apply
apply: venv tf-init ## Create or update ENV (asks first, unless CI or TF_AUTO_APPROVE=-auto-approve)
	@# Hashed files the build dropped stay for the previous releases' pages: forgotten, not deleted
	@# (tools/release/assets.py; make prune-versions deletes them later).
	$(TF_RUN) show -json > $(TF_DATA)/state.json
	$(PY) -m tools.release.assets $(TF_DATA)/state.json --root $(TF_ROOT) > $(TF_DATA)/retired.txt
	xargs -r -d '\n' -a $(TF_DATA)/retired.txt env $(TF_RUN) state rm -lock-timeout=5m
	$(TF_RUN) apply -input=false -lock-timeout=5m $(TF_VAR_ARGS) $(TF_AUTO_APPROVE)

.PHONY: destroy
destroy: tf-init ## Destroy every resource of ENV (the state file itself stays; see make destroy-state)
	$(TF_RUN) destroy -input=false -lock-timeout=5m $(TF_VAR_ARGS) $(TF_AUTO_APPROVE)

.PHONY: outputs
outputs: tf-init ## Print ENV's outputs (OUTPUTS_FORMAT=json for tools)
	$(TF_RUN) output $(if $(filter json,$(OUTPUTS_FORMAT)),-json,)

.PHONY: tf-fmt
tf-fmt: ## Format every Terraform file
	$(TF) fmt -recursive modules
	$(TF) fmt -recursive $(TF_ROOT)
	$(TF) fmt -recursive environments

.PHONY: test-infra
test-infra: venv checkov-deps ## Run only the Terraform tests (fmt, validate, terraform test, checkov)
	$(PY) -m pytest tests/infra $(PYTEST_ARGS)

# checkov pins libraries that clash with moto's, so it lives in a virtualenv of its own.
.PHONY: checkov-deps
checkov-deps: $(CHECKOV_VENV)/.installed ## Install checkov (own virtualenv) from requirements/checkov.txt

$(CHECKOV_VENV)/.installed: requirements/checkov.txt
	@test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install $(PIP_FLAGS) -r requirements/checkov.txt 2> >(grep -v 'is ignored: it is neither' >&2)
	@touch $@

.PHONY: lock-checkov
lock-checkov: venv ## Re-resolve requirements/checkov.txt from requirements/checkov.in (with hashes)
	$(PY) -m pip install --quiet uv
	cd requirements && ../$(VENV)/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes checkov.in -o checkov.txt
