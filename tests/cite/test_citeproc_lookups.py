"""Macro and term lookups answered from dicts give the citations citeproc-py's own lookups give.

:mod:`sourcebook.core.cite.citeproc_lookups` replaces citeproc-py's XPath searches for a style's
macros and its locales' terms (most of the time of rendering a citation). Every style of every sample record, and records
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


@pytest.fixture(autouse=True)
def _fresh_caches():
    yield
    csl._render_cached.cache_clear()
    csl._citeproc.cache_clear()
