"""Hostile texts from issue 14, each run by a child process of ``test_linear`` under a timeout.

Why a child process: a quadratic regex or lxml loop runs inside one C call that no alarm can
interrupt; a child can be killed. Each payload is sized so that the code before the fix could not
finish within the test's timeout (minutes by its measured growth), while linear code takes a
second or two. Each function returns a small JSON-able summary the test checks, so a payload that
finishes must also give the right answer. No Django here: the child imports only the core.
"""

from __future__ import annotations

from collections import Counter
from html import escape

TEI_NS = "http://www.tei-c.org/ns/1.0"
SEED_HEAD = (
    "October 11, 1959\n**Cable, Hostile Input**\n\nOriginal Language:\n\nChinese\n\nContents:\n\n"
)


def _record(contents: str, body: str) -> bytes:
    return (SEED_HEAD + contents + "\n" + body + "\n").encode("utf-8")


def uncertain_dense(n: int = 40_000) -> dict:
    """``word [?] `` repeated: 20,000 took 151 s to ingest (``body[:start]`` searched per item)."""
    from sourcebook.core.formats import read_source

    parsed = read_source(_record("Translation - English\n", "word [?] " * n), "uncertain.txt")
    text = parsed.records[0].texts[0]
    targets = {text.body[a.target_start : a.target_end] for a in text.annotations}
    return {
        "count": len(text.annotations),
        "types": sorted({a.type for a in text.annotations}),
        "targets": sorted(targets),
    }


def markers_among_brackets(n: int = 60_000) -> dict:
    """``[x] (p. 1) `` repeated: every page marker was compared with every bracket."""
    from sourcebook.core.apparatus import annotate

    return dict(Counter(a.type for a in annotate("[x] (p. 1) " * n, "en")))


def long_word_then_uncertain(n: int = 60_000) -> dict:
    """One long word, then ``[?]`` items: each went back over the whole word."""
    from sourcebook.core.apparatus import annotate

    anns = annotate("x" * n + " [?]" * n, "en")
    return {"count": len(anns), "targets": sorted({(a.target_start, a.target_end) for a in anns})}


def seals_on_one_line(n: int = 200_000) -> dict:
    """``[Seal] `` repeated on one line: the rest of the text was copied for every seal."""
    from sourcebook.core.apparatus import annotate

    body = "[Seal] " * n
    anns = annotate(body, "en")
    return {
        "count": len(anns),
        "first": [anns[0].target_start, anns[0].target_end, len(body)],
        "last": [anns[-1].target_start, anns[-1].target_end],
    }


def contents_line_of_spaces(n: int = 300_000) -> dict:
    """A Contents line with a long run of spaces: the label pattern re-read it at every space."""
    from sourcebook.core.formats import read_source

    line = "Translation - English" + " " * n + "!"
    parsed = read_source(_record(line + "\n", "The text."), "spaces.txt")
    record = parsed.records[0]
    return {
        "contents": len(record.contents),
        "texts": len(record.texts),
        "body_start": record.texts[0].body[:21],
    }


def many_contents_labels(n: int = 50_000) -> dict:
    """Tens of thousands of distinct Contents labels: each was compared with all before it."""
    from sourcebook.core.formats import read_source

    def name(i: int) -> str:
        letters = ""
        while True:
            letters += chr(ord("a") + i % 26)
            i //= 26
            if not i:
                return "L" + letters

    labels = "".join(f"Translation - {name(i)}\n" for i in range(n))
    parsed = read_source(_record(labels, "The text."), "labels.txt")
    return {"contents": len(parsed.records[0].contents)}


def tei_page_view(n: int = 16_000) -> dict:
    """A TEI body dense with ``[?]``, rendered for the page: 4,000 took 6.2 s per view."""
    from sourcebook.core.tei import html

    markup = f'<div xmlns="{TEI_NS}" type="document"><p>{"word [?] " * n}</p></div>'
    return {"marked": html.render(markup).count("ann-uncertain")}


def tei_long_paragraph_export(n: int = 30_000) -> dict:
    """One paragraph with many apparatus items to TEI: lxml's ``len()`` walked it per item."""
    from sourcebook.core.apparatus import annotate
    from sourcebook.core.record import Record, Text
    from sourcebook.core.tei import writer

    body = "word [?] [x] " * n
    text = Text(kind="translation", language="en", label="", body=body)
    text.annotations = annotate(body, "en")
    tei = writer.write(Record(id="long", title="Long", title_lines=["Long"], texts=[text]))
    return {"unclear": tei.count("<unclear "), "supplied": tei.count("<supplied ")}


def tei_foreign_export(n: int = 15_000) -> dict:
    """A stored fragment with many FRUS-namespace elements, cleaned for TEI export."""
    from sourcebook.core.record import Record, Text
    from sourcebook.core.tei import writer

    frus = "http://history.state.gov/frus/ns/1.0"
    kids = "".join(f"<frus:attachment><p>a {i}</p></frus:attachment>" for i in range(n))
    markup = f'<div xmlns="{TEI_NS}" xmlns:frus="{frus}" type="document"><p>x</p>{kids}</div>'
    text = Text(kind="transcript", language="en", label="", body="x", markup=markup)
    text.markup_format = "tei"
    tei = writer.write(Record(id="f", title="F", title_lines=["F"], texts=[text]))
    return {"attachments": tei.count('type="attachment"')}


def tei_many_terms(n: int = 160_000) -> dict:
    """A TEI body linking many distinct glossary terms: each was looked up in a list."""
    from lxml import etree

    from sourcebook.core.tei.flatten import flatten
    from sourcebook.core.tei.safe_xml import parser

    terms = " ".join(f'<term target="#t{i}">w</term>' for i in range(n))
    body = etree.fromstring(f'<body xmlns="{TEI_NS}"><p>{escape("x")} {terms}</p></body>', parser())
    flat = flatten(body)
    return {"terms": len(flat.terms), "last": flat.terms[-1]}


def language_line_of_spaces(n: int = 300_000) -> dict:
    """Original Language with a long run of spaces (found by bench/fuzz.py): the separator
    pattern re-read the run from each of its positions."""
    from sourcebook.core.formats import read_source

    data = (
        "October 11, 1959\n**Cable**\n\nOriginal Language:\n\nChinese"
        + " " * n
        + "x, Korean\n\nContents:\n\nTranslation - English\n\nThe text.\n"
    )
    record = read_source(data.encode(), "language.txt").records[0]
    return {"languages": record.languages}


def language_name_of_spaces(n: int = 1_500_000) -> dict:
    """One language name with a long run of spaces, straight to the langcodes lookup."""
    from sourcebook.core.languages import code_for

    return {"code": code_for("Chinese" + " " * n + "x")}


def title_with_a_long_run_of_spaces(n: int = 300_000) -> dict:
    """A title with a long run of spaces (found by bench/fuzz.py): the lazy sender/recipient
    patterns re-read the run from each of its positions."""
    from sourcebook.core.formats import read_source

    title = "**Memorandum from the Soviet Embassy" + " " * n + "to the Foreign Ministry**"
    data = f"October 11, 1959\n{title}\n\nThe text.\n"
    suggested = read_source(data.encode(), "title.txt").records[0].suggested
    return {"sender": suggested.sender, "recipient": suggested.recipient}


def handwritten_note_with_spaces(n: int = 6_000) -> dict:
    """``[handwritten in`` and a run of spaces (found by bench/fuzz.py): the place pattern had
    three whitespace quantifiers in a row, cubic in the run."""
    from sourcebook.core.apparatus import annotate

    anns = annotate("[handwritten in" + " " * n + "x, in the left margin: seen]", "en")
    return {"types": [a.type for a in anns], "places": [a.place for a in anns]}


def duplicate_ids(n: int = 200_000) -> dict:
    """A volume whose documents all repeat a few ids: ``ids.count`` per id was n² (4·10¹⁰ steps)."""
    from types import SimpleNamespace

    from sourcebook.core.errors import RecordError
    from sourcebook.core.loading import check_unique_ids

    parsed = SimpleNamespace(records=[SimpleNamespace(id=f"d{i % 3}") for i in range(n)])
    try:
        check_unique_ids(parsed, "volume.xml")
    except RecordError as err:
        return {"error": str(err)}
    return {"error": None}


def renditions_on_one_line(n: int = 30_000) -> dict:
    """Issue 11: renditions that name their words, one after another with no sentence break:
    each looks back over a bounded window, never to the start of the text."""
    from sourcebook.core.apparatus import annotate

    body = "word more [the preceding sentence underlined] 'x' [the words 'x' underlined] " * n
    anns = annotate(body, "en")
    kinds = Counter(a.type for a in anns)
    last = anns[-1]
    return {"rendition": kinds["rendition"], "last": body[last.target_start : last.target_end]}


def one_bracket_with_many_inner_items(n: int = 100_000) -> dict:
    """Issue 11: inner items are listed with their outer item; one bracket holding a great many
    (and a mark of mixed dots in each) is read once."""
    from sourcebook.core.apparatus import annotate

    body = "[handwritten note: " + "see [. . …] " * n + "]"
    (ann,) = annotate(body, "en")
    inner = ann.attrs["inner"]
    return {"type": ann.type, "inner": len(inner), "kinds": sorted({i["type"] for i in inner})}


def transliterated_items(n: int = 30_000) -> dict:
    """Issue 11: the transliteration test reads each item's words once."""
    from sourcebook.core.apparatus import annotate

    body = "the Committee [Tsentral'nyi Komitet] met; " * n + "[" + "sz" * 200_000 + "]"
    anns = annotate(body, "en")
    return {"original_term": sum(a.type == "original_term" for a in anns)}
