"""The FRUS volumes of the shared corpus, copied so a test can ingest them again with new bytes."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import SHARED

FRUS = SHARED / "corpus" / "frus"
V03, V18, V22 = "frus1955-57v03", "frus1958-60v18", "frus1961-63v22"


def copy_volume(folder: Path, volume: str) -> Path:
    path = folder / f"{volume}.xml"
    shutil.copyfile(FRUS / f"{volume}.xml", path)
    return path


def ingest(path: Path) -> list:
    """Ingest through the real service; every outcome must succeed."""
    from sourcebook.archive import ingest as service

    outcomes = service.ingest_file(path)
    assert outcomes and all(o.status in ("added", "updated") for o in outcomes), outcomes[:3]
    return outcomes


def touch(path: Path, n: int = 1) -> Path:
    """New bytes, same content: a comment after the root element, so re-ingest is not a no-op."""
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"<!-- re-ingest {n} -->\n")
    return path


def agent_of(source_id: str):
    from sourcebook.authorities.models import SourceId

    volume, xml_id = source_id.split("#")
    return SourceId.objects.select_related("agent").get(volume=volume, xml_id=xml_id).agent


def source_ids(agent) -> set[str]:
    return {f"{s.volume}#{s.xml_id}" for s in agent.source_ids.all()}
