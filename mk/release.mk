# Safe releases (docs/releases.md): migrate then shift, canary and rollback, logs. The same commands work against
# an environment on the local cloud (make up) and on AWS: tools/release finds out which one ENV is.
#   make release ENV=staging STRATEGY=canary      make release-status ENV=staging      make rollback ENV=staging
#   make logs ENV=local FUNCTION=api SINCE=30m FOLLOW=1
STRATEGY ?= canary
# canary: this share of requests for BAKE seconds; linear: STEP_PERCENT more every STEP_INTERVAL seconds.
CANARY_PERCENT ?= 10
BAKE ?= 300
STEP_PERCENT ?= 10
STEP_INTERVAL ?= 60
# Releases kept after a release: published versions per function (never one an alias serves or
# returns to) and the hashed static and storefront files their pages name (tools/release/assets.py).
KEEP_VERSIONS ?= 3
FUNCTION ?= web
SINCE ?= 10m
FOLLOW ?=

RELEASE = $(PY) -m tools.release --env $(ENV) $(if $(REGION),--region $(REGION),)
# An environment that make up deployed is on the local cloud; anything else is on AWS.
RELEASE_LOCAL = $(wildcard $(or $(LOCAL_STATE_DIR),.local)/envs/$(ENV)/deployment.json)

.PHONY: release
release: venv ## Publish and migrate the build in ENV (aliases stay), then shift web and api by STRATEGY
	@pins="$$($(RELEASE) pins)"; echo "serving: $$pins"; \
	if [ -n '$(RELEASE_LOCAL)' ]; then TF_VAR_alias_versions="$$pins" $(MAKE) up LOCAL_ENV=$(ENV); \
	else TF_VAR_alias_versions="$$pins" $(MAKE) apply ENV=$(ENV); fi
	$(RELEASE) release --strategy $(STRATEGY) --canary-percent $(CANARY_PERCENT) --bake $(BAKE) \
	  --step-percent $(STEP_PERCENT) --interval $(STEP_INTERVAL) --keep-versions $(KEEP_VERSIONS)

.PHONY: rollback
rollback: venv ## Back to the previous version at once in ENV (stops a shift in progress)
	$(RELEASE) rollback

.PHONY: release-status
release-status: venv ## Versions, canary weights and release alarms of ENV's functions
	@$(RELEASE) status

.PHONY: prune-versions
prune-versions: venv ## Delete ENV's versions and hashed files of releases beyond KEEP_VERSIONS (never one an alias needs)
	$(RELEASE) prune --keep-versions $(KEEP_VERSIONS)

.PHONY: logs
logs: venv ## CloudWatch logs of ENV's FUNCTION (api|web|manage) since SINCE (10m), newest last; FOLLOW=1 tails
	@$(RELEASE) logs --function $(FUNCTION) --since $(SINCE) $(if $(FOLLOW),--follow,)

.PHONY: lint-migrations
lint-migrations: venv ## Refuse migrations the version still serving cannot run against (expand/contract)
	PYTHONPATH=app:. $(PY) -m tools.release.migrations
