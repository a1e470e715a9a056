"""CPU of one document page, cold and warm: what the Cite box costs and what the shared
citation cache (citing.RenderedCitations) saves.

Ingests the demo samples into a fresh SOURCEBOOK_HOME (SQLite, or DATABASE_URL), then for each
document, in this process, measures process CPU time of GET /documents/<id>/ with the Django
test client:

* cold: empty in-process caches and no stored citations (the first view anywhere);
* other process: empty in-process caches but the citations stored by the cold view (what a
  second ``serve --workers`` process or an ``export-site`` run pays);
* warm: the same process again.

Run: SOURCEBOOK_HOME=$(mktemp -d) PYTHONPATH=src .venv/bin/python bench/cite_page.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "sourcebook" / "samples"


def _cpu_get(client, url: str) -> float:
    start = time.process_time()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return time.process_time() - start


def _forget_in_process() -> None:
    from sourcebook.core.cite import csl

    csl._render_cached.cache_clear()
    if hasattr(csl, "_citeproc"):
        csl._citeproc.cache_clear()


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from sourcebook.archive import ingest
    from sourcebook.archive.models import Document
    from sourcebook.web.models import RenderedPage

    call_command("migrate", verbosity=0)
    for path in sorted(SAMPLES.iterdir()):
        ingest.ingest_file(path)
    client = Client(HTTP_HOST="localhost")
    client.get("/")  # imports, templates
    try:
        from sourcebook.citing.models import RenderedCitations
    except ImportError:  # before the shared cache existed
        RenderedCitations = None
    rows = []
    for doc in Document.objects.order_by("public_id"):
        url = f"/documents/{doc.public_id}/"
        _forget_in_process()
        if RenderedCitations is not None:
            RenderedCitations.objects.all().delete()
        RenderedPage.objects.all().delete()
        cold = _cpu_get(client, url)
        _forget_in_process()
        RenderedPage.objects.all().delete()
        other = _cpu_get(client, url)
        warm = min(_cpu_get(client, url) for _ in range(3))
        rows.append((doc.public_id, cold, other, warm))
    print(f"{'document':<28} {'cold':>8} {'other process':>14} {'warm':>8}  (CPU seconds)")
    for public_id, cold, other, warm in rows:
        print(f"{public_id:<28} {cold:8.3f} {other:14.3f} {warm:8.3f}")
    n = len(rows)
    print(
        f"{'mean of ' + str(n):<28} {sum(r[1] for r in rows) / n:8.3f} "
        f"{sum(r[2] for r in rows) / n:14.3f} {sum(r[3] for r in rows) / n:8.3f}"
    )


if __name__ == "__main__":
    sys.exit(main())
