"""The footnotes of a rendered TEI text (a page or the HTML a PDF is made from), as data."""

from __future__ import annotations

from lxml import html as lxml_html


def footnotes(page: str) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str, str]]]:
    """``(notes, callouts)`` of rendered HTML: each listed note as (id, label, text, back
    link) and each call-out in the text as (id, link, label)."""
    root = lxml_html.fragment_fromstring(page, create_parent="div")
    notes = [
        (
            li.get("id"),
            li.findtext("span[@class='fn-n']"),
            " ".join(li.text_content().split()[1:-1]),
            li.find("a[@class='fn-back']").get("href"),
        )
        for li in root.xpath("//ol[@class='footnotes']/li")
    ]
    callouts = [
        (sup.get("id"), sup.find("a").get("href"), sup.findtext("a"))
        for sup in root.xpath("//sup[@class='fn-ref']")
    ]
    return notes, callouts


def problems(page: str) -> list[str]:
    """What is wrong with the footnotes of ``page``: repeated ids, links to nothing."""
    notes, callouts = footnotes(page)
    ids = [n[0] for n in notes] + [c[0] for c in callouts]
    found = [f"id {i} repeated" for i in sorted({i for i in ids if ids.count(i) > 1})]
    found += [
        f"{key}: back link {back} to nothing"
        for key, _, _, back in notes
        if back not in {f"#{c[0]}" for c in callouts}
    ]
    found += [
        f"{key}: call-out {href} to nothing"
        for key, href, _ in callouts
        if href not in {f"#{n[0]}" for n in notes}
    ]
    return found
