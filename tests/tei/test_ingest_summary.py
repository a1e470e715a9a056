"""The ingest command's summary line over a FRUS volume."""

from __future__ import annotations

import pytest

from tests.support.cli import run_cli

from .conftest import volume_path

pytestmark = pytest.mark.django_db(transaction=True)


def test_summary_reports_documents_per_second():
    result = run_cli("ingest", str(volume_path("frus1961-63v22")))
    assert result.returncode == 0
    assert "18 added" in result.stderr and "documents/s" in result.stderr
