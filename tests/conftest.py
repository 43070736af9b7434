"""Shared fixtures. The Django suite runs on a throwaway PostgreSQL cluster, as production does."""

import os

import pytest

# Importing lambda_handler defaults DJANGO_ENV to production; tests pick development.
os.environ.setdefault("DJANGO_ENV", "development")


@pytest.fixture(scope="session")
def pg_cluster():
    from tools.pgcluster import start_cluster

    # Room for the 200 concurrent buyers of tests/app/test_concurrency.py, plus the suite.
    cluster = start_cluster(max_connections=260)
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, pg_cluster):
    from django.conf import settings
    from django.db import connections

    # Updated in place: Django's connection handler already holds this very dict.
    default = settings.DATABASES["default"]
    test = default.get("TEST", {})
    default.update(
        {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "shop",
            "USER": pg_cluster.user,
            "HOST": "127.0.0.1",
            "PORT": str(pg_cluster.port),
            "PASSWORD": "",
            "CONN_MAX_AGE": 0,
            "OPTIONS": {},
            "TEST": {**test, "NAME": "test_shop"},
        }
    )
    # A wrapper created before this point would keep the SQLite engine class.
    connections["default"].close()
    del connections["default"]
