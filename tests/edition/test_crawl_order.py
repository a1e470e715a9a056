"""The edition renders a document's own URLs (views, versions, exports) right after its page,
so what they share is still kept (sourcebook.web.kept_reads) when they are rendered."""

from __future__ import annotations

import re

import pytest

from .support import FORMATS, load_archive

_DOCUMENT = re.compile(r"^/documents/([^/]+?)(?:/|\.[a-z0-9.]+$)")


@pytest.mark.django_db
def test_each_documents_urls_are_rendered_together(tmp_path, monkeypatch):
    from sourcebook.edition import render
    from sourcebook.edition.export import export_site

    load_archive(tmp_path)
    order: list[str] = []
    original = render.Renderer.render

    def recorded(self, url):
        order.append(url)
        return original(self, url)

    monkeypatch.setattr(render.Renderer, "render", recorded)
    export_site(tmp_path / "site", search=False, workers=1, formats=FORMATS.split(","))

    runs: list[str] = []  # the document of each run of consecutive document URLs
    for url in order:
        found = _DOCUMENT.match(url)
        if found and (not runs or runs[-1] != found.group(1)):
            runs.append(found.group(1))
    assert len(set(runs)) > 20  # every document of the archive was rendered
    assert len(runs) == len(set(runs)), [d for d in set(runs) if runs.count(d) > 1]
