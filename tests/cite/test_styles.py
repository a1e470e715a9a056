"""Citation styles of the core, from parsed records (no database)."""

from __future__ import annotations

import re

import pytest

from sourcebook.core import recordtext
from sourcebook.core.cite.archive_style import archive_citation
from sourcebook.core.cite.csl import citations, render, to_csl
from tests.conftest import SAMPLES, SEED

SEED_LINE = (
    '"Cable, Chinese Embassy in North Korea to the Foreign Ministry Consular Affairs Department", '
    "October 11, 1959, Wilson Center Digital Archive, PRC FMA 118-01026-01, 33. "
    "Translated by David Cowhig."
)
PERMALINK = "https://wilson-center-digital-archive.dvincitest.com/document/208190"


def _record(path):
    return recordtext.parse(path.read_text(encoding="utf-8"), str(path))


@pytest.fixture
def seed():
    return _record(SEED)


def test_seed_citation_line_is_rebuilt_character_for_character(seed):
    line = next(
        ln for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.startswith('"Cable')
    )
    assert line == SEED_LINE
    # Rebuilt from the fields, not copied: blank the stored line and it still comes out.
    seed.citation = ""
    assert archive_citation(seed) == line


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_every_sample_citation_line_is_rebuilt(path):
    record = _record(path)
    stored = record.citation
    record.citation = ""
    assert archive_citation(record) == stored


def test_rebuilt_line_follows_corrected_fields(seed):
    seed.locator = "34"
    seed.translators = ["David Cowhig", "Charles Kraus", "Jane Doe"]
    assert archive_citation(seed).endswith(
        "PRC FMA 118-01026-01, 34. Translated by David Cowhig, Charles Kraus, and Jane Doe."
    )


def test_csl_item_of_the_seed(seed):
    item = to_csl(seed)
    assert item["type"] == "manuscript"
    assert item["issued"] == {"date-parts": [[1959, 10, 11]]}
    assert item["archive"] == "Wilson Center Digital Archive"
    assert item["archive_location"] == "PRC FMA 118-01026-01, 33"
    assert item["author"] == [{"literal": "Chinese Embassy in North Korea"}]
    assert item["recipient"] == [{"literal": "Foreign Ministry Consular Affairs Department"}]
    assert item["translator"] == [{"family": "Cowhig", "given": "David"}]
    assert item["language"] == "zh"
    assert item["URL"] == PERMALINK
    assert "genre" not in item  # "Cable" already opens the title


def test_csl_dates_letters_and_circa():
    letter = to_csl(_record(SAMPLES / "sample-undated-letter.txt"))
    assert letter["type"] == "letter" and letter["issued"] == {"literal": "n.d."}
    approx = to_csl(_record(SAMPLES / "sample-khrushchev-c1957.txt"))
    assert approx["issued"] == {"date-parts": [[1957]], "circa": True}
    month = to_csl(_record(SAMPLES / "sample-zhou-kim-1958.txt"))
    assert month["issued"] == {"date-parts": [[1958, 11]]} and "author" not in month


def test_chicago_note_of_the_seed(seed):
    assert citations(seed)["chicago"] == (
        "Chinese Embassy in North Korea, “Cable, Chinese Embassy in North Korea to the Foreign "
        "Ministry Consular Affairs Department,” trans. David Cowhig, October 11, 1959, "
        f"PRC FMA 118-01026-01, 33, Wilson Center Digital Archive, {PERMALINK}."
    )


def test_chicago_bibliography_of_the_seed(seed):
    assert citations(seed)["chicago-bibliography"] == (
        "Chinese Embassy in North Korea. “Cable, Chinese Embassy in North Korea to the Foreign "
        "Ministry Consular Affairs Department.” Translated by David Cowhig. October 11, 1959. "
        f"PRC FMA 118-01026-01, 33. Wilson Center Digital Archive. {PERMALINK}."
    )


def test_mla_of_the_seed(seed):
    text = citations(seed)["mla"]
    # Author. “Title.” Translated by Name, day Mon. year, Archive, call number, page, URL.
    assert text == (
        "Chinese Embassy in North Korea. “Cable, Chinese Embassy in North Korea to the Foreign "
        "Ministry Consular Affairs Department.” Translated by David Cowhig, 11 Oct. 1959, "
        f"Wilson Center Digital Archive, PRC FMA 118-01026-01, 33, {PERMALINK}."
    )


def test_apa_of_the_seed(seed):
    plain = citations(seed)["apa"]
    assert re.fullmatch(
        r"Chinese Embassy in North Korea\. \(1959\)\. Cable, Chinese Embassy in North Korea to the "
        r"Foreign Ministry Consular Affairs Department \(D\. Cowhig, Trans\.\)\. Wilson Center "
        r"Digital Archive \(PRC FMA 118-01026-01, 33\)\. " + re.escape(PERMALINK),
        plain,
    ), plain
    html = citations(seed, html=True)["apa"]
    assert (
        "<i>Cable, Chinese Embassy in North Korea to the Foreign Ministry Consular Affairs Department</i>"
        in html
    )


def test_no_author_does_not_repeat_translators_or_title():
    zhou = _record(SAMPLES / "sample-zhou-kim-1958.txt")
    styles = citations(zhou)
    title = "Record of Conversation between Premier Zhou Enlai and Premier Kim Il Sung"
    for key in ("chicago", "chicago-bibliography", "mla", "apa"):
        assert styles[key].count(title) == 1, (key, styles[key])
        assert styles[key].count("Park") == 1, (key, styles[key])
    assert styles["chicago"].startswith(f"“{title},” trans. Lin Wei and Sarah Park, November 1958")


def test_approximate_dates_are_marked():
    styles = citations(_record(SAMPLES / "sample-khrushchev-c1957.txt"))
    assert "trans. Gary Goldberg, [1957?], SSC 1957-00-017" in styles["chicago"]
    assert "Translated by Gary Goldberg. [1957?]." in styles["chicago-bibliography"]
    assert ", circa 1957," in styles["mla"]
    assert "(ca. 1957)" in styles["apa"]


def test_html_rendering_escapes_markup(seed):
    seed.title = 'Cable </script><script>alert("x")</script> & more'
    for key, text in citations(seed, html=True).items():
        assert "<script>" not in text and "</script>" not in text, key
        assert "&lt;script&gt;" in text, key


def test_render_rejects_unknown_style(seed):
    with pytest.raises(KeyError, match="unknown style"):
        render([to_csl(seed)], "harvard")


def test_other_archives_citation_forms_are_kept_and_times_ignored(seed):
    # A FRUS document as the TEI reader gives it: its own citation form, a date with a time.
    seed.citation = (
        "Foreign Relations of the United States, 1955–1957, China, Volume III, Document 2"
    )
    seed.date.edtf = "1955-08-02T15:00:00+01:00"
    assert archive_citation(seed) == seed.citation
    assert to_csl(seed)["issued"] == {"date-parts": [[1955, 8, 2]]}
