# The Django app on its own: dev server, PostgreSQL for tests, checkout benchmark.
RUN_HOST ?= 127.0.0.1
RUN_PORT ?= 8000
ADMIN_USER ?= admin
ADMIN_PASSWORD ?= admin-lambda-shop
MANAGE := cd app && ../$(PY) manage.py

TEST_DEPS += pg-deps

.PHONY: run
run: venv ## Serve the shop (storefront, API, admin) with Django's dev server on RUN_PORT
	@mkdir -p .local
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) ensure_admin --username "$(ADMIN_USER)" --password "$(ADMIN_PASSWORD)"
	@echo "Shop:  http://$(RUN_HOST):$(RUN_PORT)/   admin: http://$(RUN_HOST):$(RUN_PORT)/admin/ ($(ADMIN_USER) / $(ADMIN_PASSWORD))"
	$(MANAGE) runserver $(RUN_HOST):$(RUN_PORT)

.PHONY: pg-deps
pg-deps: ## Install the PostgreSQL server binaries the tests need, if they are missing
	@if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else \
	  echo "error: PostgreSQL server binaries are missing; install the 'postgresql' package" >&2; exit 1; \
	fi

.PHONY: bench-checkout
bench-checkout: venv pg-deps ## Benchmark checkout: stock shards vs one stock row, hot SKU and cold (BENCH_ARGS=--rounds 5)
	$(PY) bench/checkout.py $(BENCH_ARGS)
