"""The shop's real migrations plus one that breaks the running version (MIGRATION_MODULES)."""
