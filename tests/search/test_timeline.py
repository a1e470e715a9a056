"""The date browser (/dates/) and the search page's timeline (issue 11, Deliver 3).

Real ingest on SQLite and PostgreSQL, the index filled from the outbox, then real HTTP through
Django's test client: counts add up level by level, drill-down and search links keep the
filters, approximate and spanning dates are listed as ranges, undated documents apart, drafts
and withdrawn documents never counted, and the SVG timeline parses and links right.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
from lxml import html as lxml_html

from .corpus import record

pytestmark = pytest.mark.django_db(transaction=True)

SVG = "{http://www.w3.org/2000/svg}"


def _doc(date: str, title: str, language: str = "Chinese") -> str:
    return record(
        date=date,
        title=title,
        summary=f"A report on the border, dated {date}.",
        language=language,
        texts=[("Translation - English", f"The border post reports on {title.lower()}.")],
    )


# id -> (record text, status at ingest)
TIMELINE_DOCS = {
    "tl-1959-10-11": _doc("October 11, 1959", "Cable on the Consular Agreement", "Russian"),
    "tl-1959-10-30": _doc("October 30, 1959", "Telegram on the Returnees"),
    "tl-1959-11": _doc("November 1959", "Report on the Harvest"),
    "tl-1959-year": _doc("1959", "Annual Report of the Consulate"),
    "tl-1958-1960": _doc("1958-1960", "Minutes of the Border Commission"),
    "tl-c1959": _doc("c. 1959", "Undated Note on Cotton, probably 1959"),
    "tl-undated": _doc("n.d.", "Letter about Border Crossers"),
    "tl-1975": _doc("March 3, 1975", "Memorandum on Trade", "Russian"),
}
DRAFT = _doc("October 12, 1959", "Draft Cable Never Published")
WITHDRAWN = _doc("October 13, 1959", "Cable Later Withdrawn")


@pytest.fixture
def dated(db, tmp_path):
    """The documents above ingested for real, plus a draft and a withdrawn one; then indexed."""
    from sourcebook.archive import ingest, publication
    from sourcebook.archive.models import Document
    from sourcebook.search import indexer

    folder = tmp_path / "timeline"
    folder.mkdir()
    for public_id, text in TIMELINE_DOCS.items():
        (folder / f"{public_id}.txt").write_text(text, encoding="utf-8")
    for public_id in sorted(TIMELINE_DOCS):
        outcomes = ingest.ingest_file(folder / f"{public_id}.txt")
        assert [o.status for o in outcomes] == ["added"], outcomes
    (folder / "tl-draft.txt").write_text(DRAFT, encoding="utf-8")
    (folder / "tl-withdrawn.txt").write_text(WITHDRAWN, encoding="utf-8")
    assert ingest.ingest_file(folder / "tl-draft.txt", status="draft")[0].status == "added"
    assert ingest.ingest_file(folder / "tl-withdrawn.txt")[0].status == "added"
    publication.withdraw(Document.objects.get(public_id="tl-withdrawn"), "duplicate", "test")
    indexer.catch_up()
    return sorted(TIMELINE_DOCS)


def _page(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:500])
    return lxml_html.fromstring(response.content.decode())


def _rows(tree) -> dict[str, dict]:
    """The period rows of a /dates/ page: value -> count and links."""
    rows = {}
    for tr in tree.xpath("descendant-or-self::table[@class='period-table']/tbody/tr"):
        browse = tr.xpath(".//a[@class='browse']/@href")
        search = tr.xpath(".//a[@class='search']/@href")
        rows[tr.get("data-period")] = {
            "count": int(tr.get("data-count")),
            "label": tr.xpath("string(th)").strip(),
            "browse": browse[0] if browse else None,
            "search": search[0] if search else None,
        }
    return rows


def _query(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def _search_ids(client, href: str) -> set[str]:
    tree = _page(client, href)
    return set(tree.xpath("//li[@class='result']/@data-id"))


def test_levels_add_up_and_drill_down(client, dated):
    tree = _page(client, "/dates/")
    decades = _rows(tree)
    assert {k: v["count"] for k, v in decades.items()} == {"1950s": 6, "1970s": 1}
    assert "1 undated" in tree.xpath("string(//p[@class='summary-line'])")
    assert "8 documents" in tree.xpath("string(//p[@class='summary-line'])")
    assert tree.xpath("string(//p[@class='undated-line'])").strip()
    # drafts and withdrawn documents are never counted
    assert sum(r["count"] for r in decades.values()) + 1 == 8

    years = _rows(_page(client, decades["1950s"]["browse"]))
    assert list(years) == [str(y) for y in range(1950, 1960)]
    assert {k: v["count"] for k, v in years.items() if v["count"]} == {"1958": 1, "1959": 5}
    assert years["1950"]["browse"] is None and years["1950"]["search"] is None
    assert sum(r["count"] for r in years.values()) == decades["1950s"]["count"]

    tree = _page(client, years["1959"]["browse"])
    months = _rows(tree.xpath("//table[@class='period-table']")[0])
    spans = _rows(tree.xpath("//table[@class='period-table']")[1])
    assert list(months) == [f"1959-{m:02d}" for m in range(1, 13)]
    assert {k: v["count"] for k, v in months.items() if v["count"]} == {
        "1959-10": 2,
        "1959-11": 1,
    }
    assert months["1959-10"]["label"] == "October"  # the year is the page's
    # the year-only and the approximate document are listed by their period, not in a month
    assert {k: v["count"] for k, v in spans.items()} == {"1959": 1, "1959~": 1}
    assert spans["1959~"]["label"] == "c. 1959"
    total = sum(r["count"] for r in [*months.values(), *spans.values()])
    assert total == years["1959"]["count"] == 5
    # the trail leads back up
    trail = tree.xpath("//nav[@class='trail']//a")
    assert [a.text for a in trail] == ["All dates", "1950s"]

    spans_1958 = _rows(_page(client, years["1958"]["browse"]).xpath("//table")[1])
    assert spans_1958 == {
        "1958/1960": {
            "count": 1,
            "label": "1958 – 1960",
            "browse": None,
            "search": spans_1958["1958/1960"]["search"],
        }
    }


def test_search_links_find_exactly_the_documents_counted(client, dated):
    tree = _page(client, "/dates/?year=1959&decade=1950s")
    months = _rows(tree.xpath("//table")[0])
    spans = _rows(tree.xpath("//table")[1])
    october = months["1959-10"]["search"]
    assert _query(october)["from"] == ["1959-10"] and _query(october)["to"] == ["1959-10"]
    assert _search_ids(client, october) == {"tl-1959-10-11", "tl-1959-10-30"}
    assert _search_ids(client, spans["1959~"]["search"]) == {"tl-c1959"}
    assert _search_ids(client, spans["1959"]["search"]) == {"tl-1959-year"}
    decades = _rows(_page(client, "/dates/"))
    found = _search_ids(client, decades["1950s"]["search"])
    assert len(found) == decades["1950s"]["count"] == 6 and "tl-undated" not in found


def test_filters_are_kept_in_every_link(client, dated):
    tree = _page(client, "/dates/?language=Russian&q=border")
    decades = _rows(tree)
    assert {k: v["count"] for k, v in decades.items()} == {"1950s": 1, "1970s": 1}
    for row in decades.values():
        for href in (row["browse"], row["search"]):
            assert _query(href)["language"] == ["Russian"] and _query(href)["q"] == ["border"]
    years = _rows(_page(client, decades["1950s"]["browse"]))
    assert {k: v["count"] for k, v in years.items() if v["count"]} == {"1959": 1}
    assert _search_ids(client, years["1959"]["search"]) == {"tl-1959-10-11"}
    # the trail and the filter chips keep the filters too; a chip's link drops only its own
    back = tree.xpath("//nav[@class='trail']//a/@href")
    assert all(_query(h).get("language") == ["Russian"] for h in back)
    [chip] = tree.xpath("//ul[@class='chips']//a/@href")
    assert "language" not in _query(chip) and _query(chip)["q"] == ["border"]


def test_a_date_range_narrows_and_a_reversed_one_is_refused(client, dated):
    tree = _page(client, "/dates/?from=1959-10&to=1959-10")
    decades = _rows(tree)
    # overlapping October 1959: the two October cables, the year, c. 1959 and 1958-1960
    assert decades["1950s"]["count"] == 5 and "1970s" not in decades
    # the state's own range is kept in the links (the facet narrows inside it)
    assert _query(decades["1950s"]["search"])["from"] == ["1959-10"]
    included = _rows(_page(client, "/dates/?from=1959-10&to=1959-10&undated=include"))
    assert included["1950s"]["count"] == 5
    assert _query(included["1950s"]["browse"])["undated"] == ["include"]

    tree = _page(client, "/dates/?from=1960&to=1958", status=400)
    alert = tree.xpath("string(//p[@role='alert'])")
    assert "ends before it starts" in alert and "\n" not in alert.strip()
    assert not tree.xpath("//table")


def test_search_page_timeline_is_svg_with_links(client, dated):
    response = client.get("/search/?q=border")
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.content.decode())
    [figure] = tree.xpath("//figure[@class='timeline']")
    svg_text = lxml_html.tostring(figure.xpath(".//svg")[0], encoding="unicode")
    # well-formed XML as written (a browser parses HTML, but the SVG must stand alone too)
    page = response.content.decode()
    start = page.index("<svg", page.index('<figure class="timeline"'))
    svg = ElementTree.fromstring(page[start : page.index("</svg>", start) + len("</svg>")])
    assert svg.tag == f"{SVG}svg" and svg_text
    links = svg.findall(f"{SVG}a")
    # 1958 to 1975: a bar per year, 18 of them, three with documents
    assert len(links) + len(svg.findall(f"{SVG}rect")) == 18
    bars = {a.get("data-period"): a for a in links}
    assert set(bars) == {"1958", "1959", "1975"}
    assert bars["1959"].find(f"{SVG}title").text == "1959: 5 documents"
    assert bars["1959"].get("aria-label") == "1959: 5 documents"
    href = bars["1959"].get("href")
    assert _query(href)["year"] == ["1959"] and _query(href)["q"] == ["border"]
    assert _search_ids(client, href) == {i for i in TIMELINE_DOCS if i.startswith("tl-1959")} | {
        "tl-c1959"
    }
    caption = figure.xpath("string(figcaption)")
    assert "1958 to 1975" in caption and "1 undated document" in caption
    assert figure.xpath(".//figcaption/a/@href") == ["/dates/?q=border"]


def test_search_page_timeline_by_decade_over_a_long_span(client, dated, tmp_path):
    from sourcebook.archive import ingest
    from sourcebook.search import indexer

    path = tmp_path / "tl-1905.txt"
    path.write_text(_doc("May 1905", "Border Treaty Report"), encoding="utf-8")
    assert ingest.ingest_file(path)[0].status == "added"
    indexer.catch_up()
    tree = _page(client, "/search/?q=border&language=Chinese&sort=-date")
    [figure] = tree.xpath("//figure[@class='timeline']")
    assert figure.get("data-unit") == "decade"
    links = {a.get("data-period"): a.get("href") for a in figure.xpath(".//a[@data-period]")}
    assert set(links) == {"1900s", "1950s"}
    assert _query(links["1950s"])["decade"] == ["1950s"]
    assert _query(links["1950s"])["language"] == ["Chinese"]
    assert _query(links["1950s"])["sort"] == ["-date"]  # narrowing keeps the order


def test_no_timeline_for_a_refused_or_undated_result(client, dated):
    assert not _page(client, "/search/?q=crossers").xpath("//figure[@class='timeline']")
    assert not _page(client, "/search/?q=border&from=1960&to=1958", status=400).xpath(
        "//figure[@class='timeline']"
    )


def test_the_api_counts_months_only_when_asked(client, dated):
    default = client.get("/api/search", {"year": "1959"}).json()
    assert "month" not in default["facets"]
    asked = client.get("/api/search", {"year": "1959", "facets": "month"}).json()
    assert asked["facets"] == {
        "month": [
            {"value": "1959", "count": 1},
            {"value": "1959-10", "count": 2},
            {"value": "1959-11", "count": 1},
            {"value": "1959~", "count": 1},
        ]
    }
    narrowed = client.get("/api/search", {"month": "1959-10", "facets": "none"}).json()
    assert {r["id"] for r in narrowed["results"]} == {"tl-1959-10-11", "tl-1959-10-30"}


@pytest.mark.parametrize(
    ("edtf", "earliest", "latest", "period"),
    [
        ("1959-10-11", "1959-10-11", "1959-10-11", "1959-10"),
        ("1959-10", "1959-10-01", "1959-10-31", "1959-10"),
        ("1959-10-09/1959-10-11", "1959-10-09", "1959-10-11", "1959-10"),
        ("1959-10-30/1959-11-02", "1959-10-30", "1959-11-02", "1959-10/1959-11"),
        ("1959", "1959-01-01", "1959-12-31", "1959"),
        ("1958/1960", "1958-01-01", "1960-12-31", "1958/1960"),
        ("1959~", "1958-01-01", "1960-12-31", "1959~"),
        ("1959-10-11~", "1958-01-01", "1960-12-31", "1959-10~"),
        (None, "1961-01-05", "1961-01-05", "1961-01"),
        (None, "1961-01-05", "1961-03-01", "1961-01/1961-03"),
        ("XXXX", None, None, None),
    ],
)
def test_month_period(edtf, earliest, latest, period):
    import datetime as dt

    from sourcebook.search.documents import month_period

    day = lambda text: dt.date.fromisoformat(text) if text else None  # noqa: E731
    assert month_period(edtf, day(earliest), day(latest)) == period


def test_chart_takes_decades_whole_when_years_are_too_many(settings):
    """Past 200 distinct years the year facet is cut to the most frequent: the chart then
    draws decades, from the decade facet, first to last with the gaps."""
    from sourcebook.search.timeline import State, chart

    years = [{"value": str(1500 + 2 * i), "count": 1} for i in range(200)]
    decades = [{"value": "1500s", "count": 5}, {"value": "1890s", "count": 5}]
    drawn = chart(State(), {"year": years, "decade": decades}, total=12)
    assert drawn.unit == "decade" and drawn.dated == 10 and drawn.undated == 2
    assert [b["key"] for b in drawn.bars][:2] == ["1500s", "1510s"]
    assert len(drawn.bars) == 40 and drawn.bars[-1]["key"] == "1890s"
    assert drawn.bars[1]["href"] is None and drawn.bars[0]["href"].startswith("/search/?")
