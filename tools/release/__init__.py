"""Safe releases: migration checks, traffic shifting and rollback, logs (docs/releases.md)."""
