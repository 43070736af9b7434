# Load test: Locust shoppers against the local edge (make up) or any environment's URL.
URL ?= http://127.0.0.1:$(EDGE_PORT)
USERS ?= 20
SPAWN_RATE ?= 5
DURATION ?= 60s
LOADTEST_DIR ?= build/loadtest
CLEAN_PATHS += $(LOADTEST_DIR)

.PHONY: loadtest
loadtest: venv ## Locust shoppers, headless, against URL (default: make up's edge); USERS, SPAWN_RATE, DURATION
	$(PY) -m bench.loadtest --url '$(URL)' --users '$(USERS)' --spawn-rate '$(SPAWN_RATE)' \
	  --duration '$(DURATION)' --out '$(LOADTEST_DIR)'
