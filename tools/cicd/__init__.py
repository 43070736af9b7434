"""Glue between GitHub Actions and the Makefile: state housekeeping, the preview comment,
artifact checksums. Workflows never run this directly; they call the make targets in mk/ci.mk."""
