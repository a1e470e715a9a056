"""A collection holding every document of the archive (made here, named ``big``, without
chapters; the archive's documents are moved into it): its page, its last page, its TEI corpus
and the lists filtered by it, each read twice.

Run on a copy you can spare: SOURCEBOOK_HOME=<home> PYTHONPATH=src .venv/bin/python
bench/collection_pages.py
"""

from __future__ import annotations

import time

from page_client import warm_client

URLS = [
    "/collections/",
    "/collections/big/",
    "/collections/big/?page=2",
    "/collections/big/?page=999",
    "/collections/big.tei.xml",
    "/persons/?collection=big",
    "/search/?collection=big",
]


def main() -> None:
    client = warm_client()
    from sourcebook.archive.models import Collection, Document

    big, _ = Collection.objects.get_or_create(slug="big", defaults={"name": "A big collection"})
    Document.objects.update(collection=big)
    for url in URLS:
        times = []
        for _ in range(2):
            start = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"{url:<32} {response.status_code} {times[0]:.0f}, {times[1]:.0f} ms, {len(body):,} bytes"
        )


if __name__ == "__main__":
    main()
