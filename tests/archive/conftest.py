"""Fixtures of the archive tests."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.fixture
def back_to_latest():
    """After a test that migrates back and forth, leave the schema at the latest migration, so
    later tests in the process see the tables (and indexes) they expect."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
