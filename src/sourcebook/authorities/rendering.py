"""The TEI text renderer of the document page (``web.views.TEXT_RENDERERS['tei']``)."""

from __future__ import annotations

import re

from django.utils.safestring import mark_safe

from sourcebook.core import links
from sourcebook.core.tei.html import render

from .models import SourceId, Term

_VOLUME_REF = re.compile(r"^(frus[\w-]+)#(d\d+\w*)$")
_LOCAL_DOC = re.compile(r"^#(d\d+)(?:fn\d+)?$")


def render_tei_text(text, doc):
    volume = (doc.extra or {}).get("volume")
    persons: dict[str, str] = {}
    terms: dict[str, str] = {}
    if volume:
        persons = dict(SourceId.objects.filter(volume=volume).values_list("xml_id", "agent__slug"))
        terms = {
            t: f"{term}: {desc}" if desc else term
            for t, term, desc in Term.objects.filter(volume=volume).values_list(
                "xml_id", "term", "description"
            )
        }

    def person_url(pid: str) -> str | None:
        slug = persons.get(pid)
        return f"/persons/{slug}/" if slug else None

    def ref_url(target: str) -> str | None:
        if links.scheme_of(target):
            return links.href(target)  # the link policy: http(s), or a resolver; else no link
        if (m := _VOLUME_REF.match(target)) is not None:
            return f"https://history.state.gov/historicaldocuments/{m.group(1)}/{m.group(2)}"
        if volume and (m := _LOCAL_DOC.match(target)) is not None:
            return f"/documents/{volume}-{m.group(1)}/"
        return None

    return mark_safe(  # noqa: S308 - render() escapes every text node and attribute
        render(text.markup, person_url=person_url, term_title=terms.get, ref_url=ref_url)
    )
