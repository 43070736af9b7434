from importlib import import_module

# The shop's own initial migration, unchanged.
Migration = import_module("shop.migrations.0001_initial").Migration
