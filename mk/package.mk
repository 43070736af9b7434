# The Lambda package and the static bundle (tools/package), and the cold-start benchmark.
LAMBDA_RUNTIME ?= python3.13
LAMBDA_ARCH ?= x86_64
LAMBDA_ZIP_BUDGET_MB ?= 15
DIST_DIR ?= dist
BUILD_CACHE_DIR ?= .local/build-cache
# Extra flags for tools.package, e.g. BUILD_ARGS=--force
BUILD_ARGS ?=
BENCH_RUNS ?= 15
BENCH_ARGS ?=

BUILD := $(PY) -m tools.package --runtime $(LAMBDA_RUNTIME) --arch $(LAMBDA_ARCH) \
	--out $(DIST_DIR) --cache-dir $(BUILD_CACHE_DIR) --budget-mb $(LAMBDA_ZIP_BUDGET_MB)

CLEAN_PATHS += $(DIST_DIR) $(BUILD_CACHE_DIR)

# Always runs: the build compares a hash of all its inputs (app/, the lock, the target, the
# build code) with dist/build-info.json and returns in well under a second when nothing changed.
.PHONY: build
build: venv ## Build dist/lambda.zip + dist/static/ + dist/storefront/ (LAMBDA_RUNTIME, LAMBDA_ARCH)
	$(BUILD) $(BUILD_ARGS)

.PHONY: bench-coldstart
bench-coldstart: build pg-deps ## Cold start (zip vs no bytecode vs hello world) and warm per-request cost
	$(PY) bench/coldstart.py --runtime $(LAMBDA_RUNTIME) --arch $(LAMBDA_ARCH) \
	  --dist $(DIST_DIR) --cache-dir $(BUILD_CACHE_DIR) --runs $(BENCH_RUNS) $(BENCH_ARGS)
