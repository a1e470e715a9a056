"""Macro and term lookups answered from dicts give the citations citeproc-py's own lookups give.

:mod:`sourcebook.core.cite.citeproc_lookups` replaces citeproc-py's XPath searches for a style's
macros and its locales' terms (most of the time of rendering a citation), keeps each style
element's ``calls_variable`` and each citation item's ``reference``. Every style of every sample record, and records
made to reach the styles' rarer branches (no author, several translators, no date, a letter),
must render the same both ways, and the dict must really be used.
"""

from __future__ import annotations

import dataclasses

import pytest

from sourcebook.core import recordtext
from sourcebook.core.cite import citeproc_lookups, csl
from tests.conftest import SAMPLES, SEED


def _records():
    paths = [SEED, *sorted(p for p in SAMPLES.iterdir() if p.suffix == ".txt")]
    records = [recordtext.parse(p.read_text(encoding="utf-8"), str(p)) for p in paths]
    seed = records[0]
    records += [
        dataclasses.replace(seed, translators=[]),
        dataclasses.replace(seed, translators=["David Cowhig", "Gary Goldberg", "Lin Wei"]),
        dataclasses.replace(seed, date=type(seed.date)(), repository=None, locator=None),
        dataclasses.replace(seed, title="Letter from Kim Il Sung to Mao Zedong", doc_type="Letter"),
    ]
    return records


def _all_styles(records) -> list[list[str]]:
    csl._render_cached.cache_clear()
    csl._citeproc.cache_clear()
    items = [csl.to_csl(r, "https://archive.example/documents/x/") for r in records]
    return [[csl.render([item], style, html=True)[0] for style in csl.STYLES] for item in items]


def test_dict_lookup_renders_what_citeproc_own_lookup_renders(monkeypatch):
    records = _records()
    for style in csl.STYLES:
        csl._style(csl.STYLES[style][0])  # loaded (and indexed) before the first lookup
    assert len(citeproc_lookups._macros) >= 3 and citeproc_lookups._terms
    fast = _all_styles(records)
    monkeypatch.setattr(citeproc_lookups, "_macros", {})
    monkeypatch.setattr(citeproc_lookups, "_terms", {})
    monkeypatch.setattr(citeproc_lookups, "_calls", {})
    from citeproc import source

    assert citeproc_lookups.original_reference is not None
    monkeypatch.setattr(source.CitationItem, "reference", citeproc_lookups.original_reference)
    slow = _all_styles(records)
    assert fast == slow
    assert len(fast) == len(records) and all(len(row) == len(csl.STYLES) for row in fast)


def test_lookup_uses_the_dict(monkeypatch):
    from citeproc import model

    style = csl._style(csl.STYLES["apa"][0])
    macro = next(style.root.iterfind(f"{citeproc_lookups.CSL}macro"))
    searched = []
    original = model.CitationStylesElement.xpath_search
    monkeypatch.setattr(
        model.CitationStylesElement,
        "xpath_search",
        lambda self, expr: searched.append(expr) or original(self, expr),
    )
    assert style.root.get_macro(macro.get("name")) is macro
    locale = style.root.locales[-1]
    term = locale.get_term("and")
    assert locale.get_term("and") is term
    with pytest.raises(IndexError):
        locale.get_term("no-such-term")
    with pytest.raises(IndexError):
        locale.get_term("no-such-term")  # kept as missing, raised again
    assert searched.count("./cs:term[@name='no-such-term' and not(@form)]") <= 1
    assert not any("macro" in expr for expr in searched)
    assert sum("@name='and'" in expr for expr in searched) <= 1


def test_calls_variable_is_worked_out_once_per_element(monkeypatch):
    """An element's answer is kept: rendering the same style again asks no child again."""
    from citeproc import model

    records = _records()[:3]
    _all_styles(records)  # every style loaded and its answers kept
    asked = []
    original = model.Number.calls_variable  # a leaf: asked only when its parent walks its children
    monkeypatch.setattr(
        model.Number, "calls_variable", lambda self: asked.append(1) or original(self)
    )
    again = _all_styles(records)
    assert again and not asked
    monkeypatch.setattr(citeproc_lookups, "_calls", {})
    _all_styles(records)
    assert asked  # without the kept answers, the walk reaches the leaves


def test_a_citation_items_reference_is_looked_up_once(monkeypatch):
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    data = csl.to_csl(_records()[0], "https://archive.example/documents/x/")
    source = CiteProcJSON([data])
    bib = CitationStylesBibliography(csl._style(csl.STYLES["apa"][0]), source, formatter.html)
    item = CitationItem(data["id"])
    bib.register(Citation([item]))
    first = item.reference
    assert first is source[data["id"].lower()]
    monkeypatch.setattr(type(source), "__getitem__", lambda *_: pytest.fail("looked up again"))
    assert item.reference is first
    assert "_sourcebook_reference" not in item  # not one of the item's CSL attributes


@pytest.fixture(autouse=True)
def _fresh_caches():
    yield
    csl._render_cached.cache_clear()
    csl._citeproc.cache_clear()
