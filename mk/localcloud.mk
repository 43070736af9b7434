# The local cloud: the real terraform/ root applied to an AWS emulator (moto), served by a local edge
# that routes like the deployed CloudFront distribution. No AWS account, no Docker.
MOTO_PORT ?= 4566
EDGE_PORT ?= 8000
# Environment name on the emulator (several can run side by side, each on its own EDGE_PORT).
LOCAL_ENV ?= local
# Lambda execution environments the edge keeps for concurrent requests.
EDGE_WORKERS ?= 2
CHROMIUM ?= /usr/bin/chromium

# The admin login of a new environment: `make run`'s (mk/app.mk) when set there.
LOCALCLOUD = MOTO_PORT=$(MOTO_PORT) EDGE_PORT=$(EDGE_PORT) EDGE_WORKERS=$(EDGE_WORKERS) \
	ADMIN_USER='$(ADMIN_USER)' ADMIN_PASSWORD='$(ADMIN_PASSWORD)' $(PY) -m localcloud

TEST_DEPS += browser-deps node-deps

.PHONY: up
up: venv build node-deps ## The whole shop on this machine: emulator, terraform apply (LOCAL_ENV), demo data, edge on EDGE_PORT
	$(LOCALCLOUD) up --env $(LOCAL_ENV)

.PHONY: down
down: venv ## Destroy the local environment (LOCAL_ENV), stop its edge, and moto when no environment is left
	$(LOCALCLOUD) down --env $(LOCAL_ENV)

.PHONY: local-status
local-status: venv ## Is the emulator up, and the edge of LOCAL_ENV?
	@$(LOCALCLOUD) status --env $(LOCAL_ENV)

.PHONY: local-manage
local-manage: venv ## Run a Django command in the local function, e.g. make local-manage CMD="showmigrations"
	@test -n '$(CMD)' || { echo 'error: set CMD, e.g. make local-manage CMD="showmigrations"' >&2; exit 2; }
	$(LOCALCLOUD) manage --env $(LOCAL_ENV) -- $(CMD)

.PHONY: moto-up
moto-up: venv ## Start only the emulator on MOTO_PORT (make up does this itself)
	$(LOCALCLOUD) moto-start

.PHONY: moto-down
moto-down: venv ## Stop the emulator (everything in it is lost)
	$(LOCALCLOUD) moto-stop

# The browser test drives Debian's Chromium; Playwright never downloads a browser of its own.
.PHONY: browser-deps
browser-deps: ## Install Debian's chromium and chromium-driver for the browser test, if missing
	@if [ -x '$(CHROMIUM)' ] && command -v chromedriver >/dev/null 2>&1; then \
	  :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else \
	  echo "error: Chromium is missing; install the Debian packages 'chromium' and 'chromium-driver'" >&2; exit 1; \
	fi

# CloudFront Functions run in node's V8 (localcloud/cloudfront/function.py; why not njs: its README).
NODE_MIN_MAJOR ?= 18
.PHONY: node-deps
node-deps: ## Install Debian's nodejs, the engine the local edge runs CloudFront Functions in, if missing
	@if command -v node >/dev/null 2>&1 && node -e 'process.exit(parseInt(process.versions.node) < $(NODE_MIN_MAJOR) ? 1 : 0)'; then \
	  :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null; \
	else \
	  echo "error: node $(NODE_MIN_MAJOR) or newer is missing; install the Debian package 'nodejs' (the local edge runs CloudFront Functions in it)" >&2; exit 1; \
	fi

.PHONY: bench-cffunction
bench-cffunction: venv node-deps ## Per-request cost of the project's CloudFront Functions in the local edge's engine
	$(PY) bench/cffunction.py

# Storefront page loads for bench-cache, spread evenly over CACHE_BENCH_SPREAD seconds.
CACHE_BENCH_LOADS ?= 100
CACHE_BENCH_SPREAD ?= 0

.PHONY: bench-cache
bench-cache: venv ## Lambda invocations per 100 storefront page loads through the running edge (after make up)
	EDGE_PORT=$(EDGE_PORT) $(PY) bench/edge_cache.py --env $(LOCAL_ENV) \
	  --loads $(CACHE_BENCH_LOADS) --spread $(CACHE_BENCH_SPREAD)

.PHONY: local-code
local-code: venv ## The sign-up confirmation code the local Cognito "mailed" to EMAIL (make local-code EMAIL=a@example.com)
	@test -n '$(EMAIL)' || { echo 'error: set EMAIL, e.g. make local-code EMAIL=a@example.com' >&2; exit 2; }
	@MOTO_PORT=$(MOTO_PORT) $(PY) -m localcloud.emulator.codes --email '$(EMAIL)'

# The mail the local SES "sent": TO= keeps one address, MAIL_LAST= how many (0: all).
TO ?=
MAIL_LAST ?= 10

.PHONY: local-mail
local-mail: venv ## The emails the local SES "sent" (LOCAL_ENV's emulator), newest last: make local-mail [TO=a@example.com]
	@MOTO_PORT=$(MOTO_PORT) LOCAL_ENV=$(LOCAL_ENV) $(PY) -m localcloud.ses.mailbox --last $(MAIL_LAST) $(if $(TO),--to '$(TO)')

# Orders bench-pipeline places through the running edge (at most the demo catalogue's stock).
PIPELINE_BENCH_ORDERS ?= 300
PIPELINE_BENCH_BUYERS ?= 8

.PHONY: bench-pipeline
bench-pipeline: venv ## Order pipeline throughput (orders/s, commit to email) and p50/p99 latency on the running environment (after make up)
	MOTO_PORT=$(MOTO_PORT) EDGE_PORT=$(EDGE_PORT) $(PY) bench/pipeline.py --env $(LOCAL_ENV) \
	  --orders $(PIPELINE_BENCH_ORDERS) --buyers $(PIPELINE_BENCH_BUYERS)
