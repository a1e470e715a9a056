"""Editorial apparatus: the bracketed interventions of editors and translators.

Translations of archival documents carry their apparatus inline, in square brackets:
``[handwritten note in left margin: …]``, ``[Seal:]``, ``[North]``, ``Ri Chang-jeong [Ri Chang Jong]``,
``[yuejing ren yuan][?]``. A historian needs to see each of them for what it is, and must never lose
one, so the rule here is: every bracketed item (and every ``(p. N)`` page marker) becomes an
:class:`Annotation` whose ``text`` is the item exactly as written and whose offsets point into the
untouched body. Classification only decides how the item is shown and encoded; anything no rule
recognises is kept as ``note``.

The rules, tried in this order on the words inside the brackets (case-insensitive):

==================  ==========================================================================
type                rule
==================  ==========================================================================
uncertain           only ``?`` (``[?]``), or a short reading ending in ``?`` (``[Kim?]``)
sic                 ``sic`` or ``sic!``
handwritten         starts with ``handwritten`` or ``handwriting`` (``place`` from "in the left
                    margin" / "at top" before the colon)
deletion            starts with crossed out/struck (through)/deleted/erased/strikethrough
seal, stamp         starts with ``seal`` / ``stamp``, or names one after up to four qualifiers
                    before any colon or comma (``[faded stamp of the Ministry …]``,
                    ``[Consular Department stamp, incoming no. 318]``); a label without text
                    of its own covers the rest of its line, up to the next seal, stamp,
                    signature or handwritten note
signature           starts with ``signature``/``signed``/``initialed``/``initials``
translator_note     starts with translator's note / trans. note / TN: / translator:
editor_note         starts with editor's note / ed. note / ed.: / editorial note / note:; or
                    remarks on the edition: "emphasis in the original", "emphasis added",
                    "italics in original", "spelling as in the original"
gloss               starts with ``i.e.``, ``that is``, ``meaning``, ``literally``, ``lit.``, ``=``
omission            dots and ellipsis characters only, mixed as typed (``[...]``, ``[. . …]``,
                    ``[…..]``), or mentions omitted/omission/excerpt/abridged
illegible           mentions illegible/unreadable/indecipherable
gap                 mentions missing/torn/damaged/not declassified/gap/lacuna/blank
rendition           underlined/italicized/in bold/in red ink …; covers the words it names when
                    it quotes them (``[the words "at once" underlined]``) or says "the
                    preceding sentence/word/two words/line/paragraph"
page                ``p. 3``, ``page 3``, ``pp. 3-4`` (also outside brackets as ``(p. 3)``)
original_term       has Chinese, Japanese, Korean or Cyrillic characters; or names a language
                    (``Chinese: …``, ``in Russian: …``); or is lower-case words that all
                    split into Hanyu Pinyin syllables (``yuejing ren yuan``, toned or not); or
                    a transliterated phrase: Russian in Latin letters (``[Tsentral'nyi
                    Komitet]``, ``[pokhod na Moskvu]``), Hungarian (``[Politikai Bizottság]``)
                    or other Latin letters with diacritics, with no English function word
alternate_form      the words just before the bracket are another spelling of the same words
                    (as many words, give or take one; letters at least 60% alike, 80% for a
                    transliterated term; not a mere expansion of them:
                    ``Ri Chang-jeong [Ri Chang Jong]``)
supplied            one to four words with no colon (``[North]``, ``[the]``): words the editor
                    added to make the reading clear
note                anything else
==================  ==========================================================================

Brackets inside a bracket stay part of the outer item; they are listed, typed, in its
``attrs["inner"]`` (``{type, start, end, text}``, offsets into the body).
"""

from __future__ import annotations

import contextvars
import difflib
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from . import cjk
from .errors import RecordError
from .record import Annotation
from .romanized import NON_LATIN_SCRIPT, is_pinyin_phrase, is_transliterated

TYPES = (
    "handwritten",
    "rendition",
    "seal",
    "stamp",
    "supplied",
    "alternate_form",
    "original_term",
    "uncertain",
    "omission",
    "illegible",
    "sic",
    "deletion",
    "gap",
    "signature",
    "gloss",
    "translator_note",
    "editor_note",
    "page",
    "note",
)

LABELS = {
    "handwritten": "Handwritten note",
    "rendition": "Appearance in the original",
    "seal": "Seal",
    "stamp": "Stamp",
    "supplied": "Supplied by the editor",
    "alternate_form": "Alternate form",
    "original_term": "Term in the original language",
    "uncertain": "Uncertain reading",
    "omission": "Omission",
    "illegible": "Illegible",
    "sic": "Sic: as in the original",
    "deletion": "Deleted in the original",
    "gap": "Gap in the original",
    "signature": "Signature",
    "gloss": "Gloss",
    "translator_note": "Translator's note",
    "editor_note": "Editor's note",
    "page": "Page break",
    "note": "Editorial note",
}

_PAGE = re.compile(r"^(?:p|pp|page|pages)\.?\s*\d+[a-z]?(?:\s*[-–]\s*\d+)?$", re.I)
_PAREN_PAGE = re.compile(r"\((?:p|pp|page)\.?\s*\d+[a-z]?(?:\s*[-–]\s*\d+)?\)", re.I)
_NON_LATIN_SCRIPT = NON_LATIN_SCRIPT
_LANGUAGES = (
    "chinese|korean|japanese|russian|german|french|mongolian|vietnamese|polish|czech|"
    "hungarian|romanian|bulgarian|albanian|serbian|croatian|ukrainian|original"
)
_LANG_PREFIX = re.compile(rf"^(?:in\s+)?(?:{_LANGUAGES})(?:\s+(?:text|term|original))?\s*:", re.I)
# Each run of spaces has one quantifier of its own: ``\s+(?:left…)?\s*(?:left…)?\s*`` let three
# quantifiers share a run, cubic in its length (found by bench/fuzz.py); same matches.
_PLACE = re.compile(
    r"\b(?:in|on|at)\s+(?:the\s+)?((?:(?:left|right|top|bottom|upper|lower)\s*)?"
    r"(?:(?:left|right|top|bottom|upper|lower)\s*)?(?:margin|corner|of (?:the )?page|"
    r"top|bottom|header|footer))",
    re.I,
)


def _letters(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text.lower() if c.isalnum())


def _alternate_target(
    body: str, start: int, content: str, threshold: float = 0.6
) -> tuple[int, int] | None:
    """The words just before ``start`` that ``content`` respells, if they are alike enough.

    Tries one to n+1 preceding words (a hyphen may join or split words between spellings) and
    keeps the most alike run. A transliterated term must be closer (``threshold``): "Central
    Committee [Tsentral'nyi Komitet]" translates, "Kim Il Sung [Kim Il-sŏng]" respells.
    """
    count = len(content.split())
    if count == 0 or count > 6 or ":" in content:
        return None
    window_start = max(0, start - 200)
    window = body[window_start:start]
    stripped = window.rstrip()
    if len(stripped) == len(window) and window:  # the bracket must follow a space
        return None
    words = list(re.finditer(r"[\w'’.-]+", stripped))
    if not words or words[-1].end() != len(stripped):
        return None
    target = _letters(content)
    best: tuple[float, int, int] | None = None
    for n in range(1, min(count + 1, len(words)) + 1):
        first, last = words[-n], words[-1]
        candidate = stripped[first.start() : last.end()]
        letters = _letters(candidate)
        if not letters or not target or candidate == content:
            continue
        if (
            letters in target and letters != target
        ):  # "Volunteers [Chinese People's Volunteers]" expands, not respells
            return None
        matcher = difflib.SequenceMatcher(None, letters, target)
        if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
            continue  # cheap upper bounds of ratio(): cannot reach the threshold
        ratio = matcher.ratio()
        if best is None or ratio > best[0]:
            best = (ratio, window_start + first.start(), window_start + last.end())
    if best is None or best[0] < threshold:
        return None
    return best[1], best[2]


_LAST_WORD = re.compile(r"[^\W\d_]+$")
_LONGEST_NAME = 20  # characters of a word (or CJK run) before a bracket looked at
_WORDS = re.compile(r"[^\W\d_]+")


def _expands(body: str, start: int, content: str) -> bool:
    """Does the bracket name again, more fully, the name just before it ("the Volunteers
    [Chinese People's Volunteers]", 志願軍[中國人民志願軍], "the Party [Workers' Party of
    Korea]")? Then it explains that name (a gloss): read in place, as supplied words are, it
    would say the name twice ("the Volunteers Chinese People's Volunteers").

    A name is a capitalised word or a run of CJK characters; a function word before a bracket
    ("of [the Ministry of] Foreign Affairs") is left to the supplied words it may be."""
    end, floor = start, max(0, start - 100)
    while end > floor and body[end - 1] in " \t":  # "Volunteers [", or 志願軍[ with no space
        end -= 1
    found = _LAST_WORD.search(body, floor, end)
    words = _WORDS.findall(content)
    if found is None or not words:
        return False
    name, run = found.group()[-_LONGEST_NAME:], "".join(words)
    if len(run) > 3 * _LONGEST_NAME:
        return False  # no name's fuller form: and each test below stays bounded
    if cjk.CJK_RUN.fullmatch(name[-1]):
        return any(run != name[-k:] and name[-k:] in run for k in range(2, len(name) + 1))
    if len(words) < 2 or not name[0].isupper():
        return False
    return name.casefold() in {w.casefold() for w in words}


# "[faded stamp of the Ministry of Foreign Affairs]", "[Consular Department stamp, incoming
# no. 318]", "[round seal of the Embassy:]": a seal or stamp named after its qualifiers. Only the
# head (before the first colon or comma) is read, and the word must come within its first five
# words, after no preposition, so "[note about the stamp on the envelope: …]" stays a note.
_HEAD = re.compile(r"[^:,;]*")
_MARK_WORD = re.compile(r"\b(stamp|seal)s?\b")


_NOT_QUALIFIERS = frozenset(
    "about on next near beside under over above below by see note comment remark in to at "
    "from without no behind after before".split()
)


def _described_mark(low: str) -> str | None:
    """``stamp`` or ``seal`` when the head names one after its qualifiers ("faded", "round",
    "Consular Department"); not when a preposition puts it elsewhere ("note about the stamp")."""
    head = _HEAD.match(low).group(0)
    m = _MARK_WORD.search(head)
    if not m:
        return None
    before = head[: m.start()].split()
    if len(before) > 4 or _NOT_QUALIFIERS & set(before):
        return None
    return m.group(1)


_OMISSION_MARK = re.compile(r"[.…\s]+")


def _is_omission_mark(low: str) -> bool:
    """Dots and ellipsis characters only, mixed as typists mix them: ``...``, ``…``, ``. . .``,
    ``….``, ``. . …`` (at least three dots or one ellipsis character)."""
    if not _OMISSION_MARK.fullmatch(low):
        return False
    return "…" in low or low.count(".") >= 3


# Remarks about the edition rather than words of the text: notes, never supplied words.
_REMARK = re.compile(
    r"^(?:the\s+)?(?:emphasis|italics|underlining|bold(?:face)?|capitals|spelling|punctuation)"
    r"\s+(?:in\s+(?:the\s+)?original|added|as\s+in\s+(?:the\s+)?original|original)\b"
    r"|^(?:as\s+in\s+(?:the\s+)?original|so\s+in\s+(?:the\s+)?original)\b"
)


def classify(content: str) -> str:
    """The apparatus type of a bracketed item, by the rules in this module's docstring."""
    c = content.strip()
    low = c.lower()
    if low == "?" or (low.endswith("?") and 0 < len(c.split()) <= 4 and ":" not in c):
        return "uncertain"
    if low in ("sic", "sic!", "sic.") or low.startswith("sic:"):
        return "sic"
    # Items that say what they are in their first words win over words inside them.
    if re.match(r"^(handwritten|handwriting|in handwriting)\b", low):
        return "handwritten"
    if re.match(r"^(crossed out|crossed-out|struck|strikethrough|deleted|erased)\b", low):
        return "deletion"
    if re.match(r"^seal\b", low):
        return "seal"
    if re.match(r"^stamp\b", low):
        return "stamp"
    described = _described_mark(low)
    if described:
        return described
    if re.match(r"^(signature|signed|initialed|initials)\b", low):
        return "signature"
    if re.match(r"^(translator[’']?s note|trans\. note|tn:|translator:|translation note)", low):
        return "translator_note"
    if re.match(r"^(editor[’']?s note|ed\. note|ed\.:|editorial note|note:|eds?\.?:)", low):
        return "editor_note"
    if re.match(r"^(i\.\s?e\.|that is\b|meaning\b|literally\b|lit\.|=)", low):
        return "gloss"
    if _is_omission_mark(low) or re.search(r"\b(omitted|omission|excerpt|abridged)", low):
        return "omission"
    if _REMARK.search(low):
        return "editor_note"
    if re.search(r"\b(illegible|unreadable|indecipherable)", low):
        return "illegible"
    if re.search(r"\b(missing|torn|damaged|not declassified|gap|lacuna|blank in original)\b", low):
        return "gap"
    if re.search(
        r"\b(underlined|underlining|underscored|italicized|italics|in bold|bold in|"
        r"in red|in blue|in pencil|typed in capitals|in capitals)\b",
        low,
    ):
        return "rendition"
    if _PAGE.match(c):
        return "page"
    if _NON_LATIN_SCRIPT.search(c) or _LANG_PREFIX.match(c) or is_pinyin_phrase(c):
        return "original_term"
    if is_transliterated(c):
        return "original_term"
    if 1 <= len(c.split()) <= 4 and ":" not in c:
        return "supplied"
    return "note"


def _brackets(body: str) -> Iterator[tuple[int, int]]:
    """Outermost ``[...]`` spans, balanced, so a note may contain ``[illegible]``.

    A generator: a text of a million brackets is counted against the annotation limit without
    holding a million spans.
    """
    depth = 0
    start = 0
    for m in _BRACKET_CHAR.finditer(body):  # visits only the brackets, not every character
        i = m.start()
        if m.group() == "[":
            if depth == 0:
                start = i
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                yield start, i + 1


_BRACKET_CHAR = re.compile(r"[\[\]]")


def _items(body: str) -> Iterator[tuple[int, int, re.Match | None]]:
    """Brackets and ``(p. N)`` markers outside them, in reading order: (start, end, page match).

    One merge walk over two ordered streams: a page marker is inside a bracket only if it lies
    in the last bracket that started before it (the old code compared every marker with every
    bracket, quadratic for ``[x] (p. 1)`` repeated).
    """
    pages = _PAREN_PAGE.finditer(body)
    page = next(pages, None)
    last_end = 0  # end of the last bracket that started before ``page``
    for start, end in _brackets(body):
        while page is not None and page.start() < start:
            if page.start() >= last_end:
                yield page.start(), page.end(), page
            page = next(pages, None)
        yield start, end, None
        last_end = end
    while page is not None:
        if page.start() >= last_end:
            yield page.start(), page.end(), page
        page = next(pages, None)


_RUN_BREAK = re.compile(r"[^\w'’-](?=[\w'’-]*\Z)")
_W_RUN = re.compile(r"[\w'’-]+")
_LAST_WORD_CHAR = re.compile(r"\w(?=\W*\Z)")
_MARK = re.compile(r"['’-]")
_SPACES = re.compile(r"[ \t]*")
_NON_SPACE = re.compile(r"\S")


def _run_start(body: str, last: int) -> int:
    r"""Start of the run of ``[\w'’-]`` characters that holds ``body[last]``, read backwards in
    doubling windows (a word of a million letters costs one pass, in C)."""
    hi, size = last, 256
    while hi > 0:
        lo = max(0, hi - size)
        m = _RUN_BREAK.search(body, lo, hi)  # the window's last non-word character
        if m:
            return m.start() + 1
        hi, size = lo, size * 2
    return 0


class _Scanner:
    r"""Look-backs and look-aheads of :func:`annotate`, each reading the text once in all.

    The word a ``[?]`` or ``[sic]`` doubts is what ``re.search(r"[\w'’-]+\W*$", body[:start])``
    finds, without reading ``body[:start]`` again for every bracket.

    Why: that search re-read the whole text before each bracket, quadratic for ``word [?] ``
    repeated (20,000 of them took 151 s). Brackets come in reading order, so each call scans only
    the text since the previous call, and the word found is remembered for the next.
    """

    def __init__(self, body: str):
        self.body = body
        self.scanned = 0  # text before this was searched for its last word character
        self.last = -1  # the last word character before ``scanned``, -1 if none
        self.found: tuple[int, int, int] | None = None  # (last, word start, word end)
        self.first_mark: int | None = None
        self.newline: int | None = None

    def target(self, start: int) -> tuple[int, int] | None:
        """(start, end) of the word the regex above finds before ``start``, or None."""
        m = _LAST_WORD_CHAR.search(self.body, self.scanned, start)
        if m:
            self.last = m.start()
        self.scanned = start
        if self.last < 0:
            return self._marks_only(start)
        if self.found is None or self.found[0] != self.last:
            first = _run_start(self.body, self.last)
            run = _W_RUN.match(self.body, first, start)
            self.found = (self.last, first, run.end() if run else first)
        return self.found[1], self.found[2]

    def line_end(self, pos: int) -> int:
        """Where the line holding ``pos`` ends; the newline found is kept for the next call, so
        a line of a thousand ``[Seal]`` items is read once, not once per item."""
        if self.newline is None or self.newline < pos:
            found = self.body.find("\n", pos)
            self.newline = len(self.body) if found == -1 else found
        return self.newline

    def _marks_only(self, start: int) -> tuple[int, int] | None:
        """No word character before ``start``: the regex settles on the first ``'``/``’``/``-``."""
        if self.first_mark is None:
            m = _MARK.search(self.body)
            self.first_mark = m.start() if m else len(self.body)
        if self.first_mark >= start:
            return None
        run = _W_RUN.match(self.body, self.first_mark, start)
        return self.first_mark, run.end() if run else self.first_mark


_CJK_LANGUAGES = {"zh", "ja", "ko"}
_CJK_RULES = (
    ("handwritten", re.compile(r"手寫|手写|手書|친필|필기")),
    ("seal", re.compile(r"印章|公章|印\]?$|도장|직인")),
    ("illegible", re.compile(r"不清|無法辨認|无法辨认|판독\s*불가")),
    ("uncertain", re.compile(r"[?？]$")),
)


def classify_in(content: str, language: str | None) -> str:
    """Like :func:`classify`, for a text in ``language``.

    In a Chinese, Japanese or Korean transcript, bracketed words in that script are not terms
    in a foreign original but the editor's own words: supplied readings, or notes recognised by
    a few keywords (手寫 handwritten, 印章 seal, 不清 illegible).
    """
    if language in _CJK_LANGUAGES and _NON_LATIN_SCRIPT.search(content):
        for kind, pattern in _CJK_RULES:
            if pattern.search(content.strip()):
                return kind
        return "supplied"
    return classify(content)


class TooManyAnnotations(RecordError):
    """A text with more apparatus items than the configured limit (``count`` is the total)."""

    def __init__(self, count: int, limit: int):
        self.count, self.limit = count, limit
        super().__init__(
            f"a text holds {count:,} apparatus items, over the limit of {limit:,} "
            "(raise it with SOURCEBOOK_MAX_ANNOTATIONS)"
        )


_LIMIT: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "sourcebook_max_annotations", default=None
)


@contextmanager
def annotation_limit(limit: int | None) -> Iterator[None]:
    """Apply ``limit`` to every :func:`annotate` call inside the block.

    Why a context: readers are registered with a fixed ``read(data, path)`` signature and call
    :func:`annotate` several layers down (record text, TEI flattening); ingest sets the limit
    once around the read instead of threading it through every reader.
    """
    token = _LIMIT.set(limit)
    try:
        yield
    finally:
        _LIMIT.reset(token)


def annotate(
    body: str, language: str | None = None, *, limit: int | None = None
) -> list[Annotation]:
    """All apparatus items of ``body``, in reading order; ``body`` itself is never changed.

    Linear in ``body``. Over ``limit`` items (default: the :func:`annotation_limit` in force,
    else none) it raises :class:`TooManyAnnotations` with the total, counted without building
    the rest.
    """
    if limit is None:
        limit = _LIMIT.get()
    found: list[Annotation] = []
    previous: Annotation | None = None
    scan = _Scanner(body)
    items = _items(body)
    for start, end, page in items:
        if limit is not None and len(found) >= limit:
            raise TooManyAnnotations(len(found) + 1 + sum(1 for _ in items), limit)
        if page is not None:
            text = page.group(0)
            found.append(
                Annotation(type="page", start=start, end=end, text=text, content=text[1:-1])
            )
            continue
        ann = _bracket(body, start, end, language, previous, scan)
        _clip_mark(previous, ann, body)
        found.append(ann)
        previous = ann
    return found


_LATIN_ONLY = re.compile(r"[^\u0000-\u024f\u1e00-\u1eff\s\W]")
_MARKS = ("seal", "stamp", "signature")
_LABEL_WITH_TEXT = re.compile(r":\s*\S")


def _bracket(
    body: str,
    start: int,
    end: int,
    language: str | None,
    previous: Annotation | None,
    scan: _Scanner,
) -> Annotation:
    """The annotation of the bracket ``body[start:end]``; ``previous`` is the bracket before."""
    text = body[start:end]
    content = text[1:-1]
    kind = classify_in(content, language)
    ann = Annotation(type=kind, start=start, end=end, text=text, content=content.strip())
    previous_end = previous.end if previous is not None else None
    romanized = kind == "original_term" and not _LATIN_ONLY.search(content)
    if kind == "supplied" or kind == "note" or romanized:
        target = _alternate_target(body, start, content, 0.8 if romanized else 0.6)
        if target and not (previous_end is not None and previous_end > target[0]):
            ann.type = "alternate_form"
            ann.target_start, ann.target_end = target
    if ann.type == "supplied" and _expands(body, start, content):
        ann.type = "gloss"
    if ann.type == "handwritten":
        head = content.split(":", 1)[0]
        m = _PLACE.search(head)
        if m:
            ann.place = re.sub(r"\s+", " ", m.group(1)).strip().lower()
    elif ann.type in _MARKS:
        _mark_target(body, ann, content, scan)
    elif ann.type == "rendition":
        target = _rendition_target(body, start, end, content)
        if target:
            ann.target_start, ann.target_end = target
    elif ann.type in ("uncertain", "sic") and content.strip().lower() in ("?", "sic", "sic!"):
        if previous is not None and previous_end == start:
            ann.target_start, ann.target_end = previous.start, previous.end
        else:
            target = scan.target(start)
            if target:
                ann.target_start, ann.target_end = target
    if "[" in content:
        ann.attrs["inner"] = _inner_items(body, start, end, language)
    return ann


def _mark_target(body: str, ann: Annotation, content: str, scan: _Scanner) -> None:
    """A seal, stamp or signature label covers the text after it on its line ("[Seal:] Embassy
    of the PRC"). A bracket that holds the text itself ("[Stamp: Received 3 December]") covers
    nothing outside it: the words after it are the letter's own."""
    if _LABEL_WITH_TEXT.search(content):
        return
    rest_start = _SPACES.match(body, ann.end).end()
    rest_end = scan.line_end(ann.end)
    if _NON_SPACE.search(body, rest_start, rest_end):
        ann.target_start, ann.target_end = rest_start, rest_end


def _clip_mark(previous: Annotation | None, ann: Annotation, body: str) -> None:
    """A seal's or stamp's text ends where the next seal, stamp, signature or handwritten note
    on the same line begins ("[Seal:] Embassy of the PRC [Stamp:] No. 318")."""
    if previous is None or previous.type not in _MARKS or previous.target_end is None:
        return
    if ann.type not in (*_MARKS, "handwritten") or not (
        previous.target_start <= ann.start < previous.target_end
    ):
        return
    cut = len(body[previous.target_start : ann.start].rstrip())
    if cut:
        previous.target_end = previous.target_start + cut
    else:
        previous.target_start = previous.target_end = None


_QUOTED = re.compile(r"[\"“”„«»‘’']([^\"“”„«»]{1,200}?)[\"“”„«»’']")
_SENTENCE_WORDS = re.compile(
    r"\b(?:(?:the\s+)?(?:preceding|previous|last|this|above)\s+(sentence|paragraph|word|"
    r"two words|three words|line))\b"
)
_WINDOW = 2000  # how far back a rendition's words are looked for: bounded, so annotate stays linear
_COUNTS = {"word": 1, "two words": 2, "three words": 3}


def _rendition_target(body: str, start: int, end: int, content: str) -> tuple[int, int] | None:
    """The words a rendition note names: quoted words ("[the words 'top secret' underlined]")
    found just before it (else just after it, on its line), or "the preceding sentence/word"."""
    m = _QUOTED.search(content)
    if m and m.group(1).strip():
        words = m.group(1).strip()
        lo = max(0, start - _WINDOW)
        found = body.rfind(words, lo, start)
        if found != -1:
            return found, found + len(words)
        found = body.find(words, end, min(len(body), end + _WINDOW))
        if found != -1:
            return found, found + len(words)
        return None
    m = _SENTENCE_WORDS.search(content.lower())
    if not m:
        return None
    unit = m.group(1)
    if unit in _COUNTS:  # the last one to three words: a short look back is enough
        offset = max(0, start - 200)
        spans = list(_W_RUN.finditer(body, offset, start))[-_COUNTS[unit] :]
        return (spans[0].start(), spans[-1].end()) if spans else None
    offset = max(0, start - _WINDOW)
    stop = len(body[offset:start].rstrip()) + offset  # the end of the words before the item
    if unit == "paragraph":
        cut = body.rfind("\n\n", offset, stop)
    elif unit == "line":
        cut = body.rfind("\n", offset, stop)
    else:  # the sentence: after the last ". ", "! " or "? " before its own full stop
        cut = max(body.rfind(mark, offset, stop - 1) for mark in (". ", "! ", "? ", "\n"))
        cut = cut + 1 if cut != -1 and body[cut] != "\n" else cut
    first = _NON_SPACE.search(body, max(cut + 1, offset), stop)
    return (first.start(), stop) if first else None


def _inner_items(body: str, start: int, end: int, language: str | None) -> list[dict]:
    """The brackets one level inside a bracket ("[handwritten: see [illegible] file]"), each as
    ``{type, start, end, text}``: kept with the outer item, which stays one item."""
    out = []
    depth = 0
    open_at = 0
    for m in _BRACKET_CHAR.finditer(body, start + 1, end - 1):
        if m.group() == "[":
            if depth == 0:
                open_at = m.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                inner = body[open_at : m.end()]
                out.append(
                    {
                        "type": classify_in(inner[1:-1], language),
                        "start": open_at,
                        "end": m.end(),
                        "text": inner,
                    }
                )
    return out


def segments(body: str, annotations: list[Annotation]) -> list[tuple[str, Annotation | None]]:
    """Split ``body`` into plain runs and annotated runs, for rendering.

    Only the bracketed items themselves are marked (targets are shown by the item's label), so
    segments never overlap and concatenating them gives the body back exactly.
    """
    out: list[tuple[str, Annotation | None]] = []
    pos = 0
    for ann in sorted(annotations, key=lambda a: a.start):
        if ann.start < pos:
            continue
        if ann.start > pos:
            out.append((body[pos : ann.start], None))
        out.append((body[ann.start : ann.end], ann))
        pos = ann.end
    if pos < len(body):
        out.append((body[pos:], None))
    return out


def bracket_problem(body: str) -> str | None:
    """Why ``body``'s apparatus cannot be read as the editor meant it, or None.

    :func:`annotate` skips a ``[`` that is never closed and a ``]`` that closes nothing, so an
    item typed with a missing bracket would silently stop being apparatus (and the words after
    it would not be set apart). Ingest keeps such bodies as the source wrote them; an editor's
    new body is checked here first, with the line at fault.
    """
    depth, opened = 0, 0
    for m in _BRACKET_CHAR.finditer(body):
        if m.group() == "[":
            if depth == 0:
                opened = m.start()
            depth += 1
        elif depth:
            depth -= 1
        else:
            line = body.count("\n", 0, m.start()) + 1
            return f"line {line}: ']' closes no '['; add the '[' or remove the ']'"
    if depth:
        line = body.count("\n", 0, opened) + 1
        return f"line {line}: '[' is never closed; add the ']'"
    return None
