# Safe releases (docs/releases.md): migration compatibility, traffic shifting and rollback, logs.

.PHONY: lint-migrations
lint-migrations: venv ## Refuse migrations the version still serving cannot run against (expand/contract)
	PYTHONPATH=app:. $(PY) -m tools.release.migrations
