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
seal                starts with ``seal``
stamp               starts with ``stamp``
signature           starts with ``signature``/``signed``/``initialed``/``initials``
translator_note     starts with translator's note / trans. note / TN: / translator:
editor_note         starts with editor's note / ed. note / ed.: / editorial note / note:
gloss               starts with ``i.e.``, ``that is``, ``meaning``, ``literally``, ``lit.``, ``=``
omission            ``...``/``…``, or mentions omitted/omission/excerpt/abridged
illegible           mentions illegible/unreadable/indecipherable
gap                 mentions missing/torn/damaged/not declassified/gap/lacuna/blank
rendition           underlined/italicized/in bold/emphasis in original/in red ink …
page                ``p. 3``, ``page 3``, ``pp. 3-4`` (also outside brackets as ``(p. 3)``)
original_term       has Chinese, Japanese, Korean or Cyrillic characters; or names a language
                    (``Chinese: …``, ``in Russian: …``); or is lower-case words that all
                    split into Hanyu Pinyin syllables (``yuejing ren yuan``)
alternate_form      the words just before the bracket are another spelling of the same words
                    (as many words, give or take one; letters at least 60% alike; not a mere
                    expansion of them: ``Ri Chang-jeong [Ri Chang Jong]``)
supplied            one to four words with no colon (``[North]``, ``[the]``): words the editor
                    added to make the reading clear
note                anything else
==================  ==========================================================================
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

from .record import Annotation

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
_NON_LATIN_SCRIPT = re.compile(
    r"[\u0400-\u04ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
_LANGUAGES = (
    "chinese|korean|japanese|russian|german|french|mongolian|vietnamese|polish|czech|"
    "hungarian|romanian|bulgarian|albanian|serbian|croatian|ukrainian|original"
)
_LANG_PREFIX = re.compile(rf"^(?:in\s+)?(?:{_LANGUAGES})(?:\s+(?:text|term|original))?\s*:", re.I)
_PLACE = re.compile(
    r"\b(?:in|on|at)\s+(?:the\s+)?((?:left|right|top|bottom|upper|lower)?\s*"
    r"(?:left|right|top|bottom|upper|lower)?\s*(?:margin|corner|of (?:the )?page|"
    r"top|bottom|header|footer))",
    re.I,
)


@lru_cache(maxsize=1)
def _pinyin_syllables() -> frozenset[str]:
    """Every toneless Hanyu Pinyin syllable (ü written v), from the names module's syllable table.

    Built from that table rather than pypinyin's character dictionary: the same inventory less
    interjections such as ``m``, ``ng`` and ``o``, which are no evidence of pinyin, and it costs
    nothing to load where scanning the dictionary took half a second of every ingest.
    """
    from sourcebook.core.names.wade_giles_table import PINYIN_TO_WADE_GILES

    syllables = {s.replace("ü", "v") for s in PINYIN_TO_WADE_GILES}
    return frozenset(syllables | {"lue", "nue"})  # common spellings of lüe, nüe


@lru_cache(maxsize=4096)
def _splits_into_pinyin(word: str) -> bool:
    syllables = _pinyin_syllables()
    word = word.replace("ü", "v").replace("'", "")
    ok = [True] + [False] * len(word)
    for i in range(1, len(word) + 1):
        for j in range(max(0, i - 6), i):
            if ok[j] and word[j:i] in syllables:
                ok[i] = True
                break
    return ok[len(word)]


def _is_pinyin_phrase(content: str) -> bool:
    words = content.split()
    if not words or content != content.lower():
        return False
    if not all(w.isalpha() and w.isascii() for w in (x.replace("'", "") for x in words)):
        return False
    # one short lower-case word ("he", "an") is more likely English than a romanised term
    if len(words) == 1 and len(words[0]) < 5:
        return False
    return all(_splits_into_pinyin(w) for w in words)


def _letters(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text.lower() if c.isalnum())


def _alternate_target(body: str, start: int, content: str) -> tuple[int, int] | None:
    """The words just before ``start`` that ``content`` respells, if they are alike enough.

    Tries one to n+1 preceding words (a hyphen may join or split words between spellings) and
    keeps the most alike run.
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
        if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
            continue  # cheap upper bounds of ratio(): cannot reach the threshold
        ratio = matcher.ratio()
        if best is None or ratio > best[0]:
            best = (ratio, window_start + first.start(), window_start + last.end())
    if best is None or best[0] < 0.6:
        return None
    return best[1], best[2]


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
    if re.match(r"^(signature|signed|initialed|initials)\b", low):
        return "signature"
    if re.match(r"^(translator[’']?s note|trans\. note|tn:|translator:|translation note)", low):
        return "translator_note"
    if re.match(r"^(editor[’']?s note|ed\. note|ed\.:|editorial note|note:|eds?\.?:)", low):
        return "editor_note"
    if re.match(r"^(i\.\s?e\.|that is\b|meaning\b|literally\b|lit\.|=)", low):
        return "gloss"
    if re.fullmatch(r"(\.\s*){3,}|…+", low) or re.search(
        r"\b(omitted|omission|excerpt|abridged)", low
    ):
        return "omission"
    if re.search(r"\b(illegible|unreadable|indecipherable)", low):
        return "illegible"
    if re.search(r"\b(missing|torn|damaged|not declassified|gap|lacuna|blank in original)\b", low):
        return "gap"
    if re.search(
        r"\b(underlined|underlining|underscored|italicized|italics|in bold|bold in|"
        r"emphasis in original|in red|in blue|in pencil|typed in capitals|in capitals)\b",
        low,
    ):
        return "rendition"
    if _PAGE.match(c):
        return "page"
    if _NON_LATIN_SCRIPT.search(c) or _LANG_PREFIX.match(c) or _is_pinyin_phrase(c):
        return "original_term"
    if 1 <= len(c.split()) <= 4 and ":" not in c:
        return "supplied"
    return "note"


def _brackets(body: str) -> list[tuple[int, int]]:
    """Outermost ``[...]`` spans, balanced, so a note may contain ``[illegible]``."""
    spans = []
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
                spans.append((start, i + 1))
    return spans


_BRACKET_CHAR = re.compile(r"[\[\]]")


def _line_end(body: str, pos: int) -> int:
    end = body.find("\n", pos)
    return len(body) if end == -1 else end


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


def annotate(body: str, language: str | None = None) -> list[Annotation]:
    """All apparatus items of ``body``, in reading order; ``body`` itself is never changed."""
    found: list[Annotation] = []
    previous_end: int | None = None
    previous: Annotation | None = None
    for start, end in _brackets(body):
        text = body[start:end]
        content = text[1:-1]
        kind = classify_in(content, language)
        ann = Annotation(type=kind, start=start, end=end, text=text, content=content.strip())
        if kind == "supplied" or kind == "note":
            target = _alternate_target(body, start, content)
            if target and not (previous_end is not None and previous_end > target[0]):
                ann.type = "alternate_form"
                ann.target_start, ann.target_end = target
        if ann.type == "handwritten":
            head = content.split(":", 1)[0]
            m = _PLACE.search(head)
            if m:
                ann.place = re.sub(r"\s+", " ", m.group(1)).strip().lower()
        elif ann.type in ("seal", "stamp", "signature"):
            rest_start = end + (len(body[end:]) - len(body[end:].lstrip(" \t")))
            rest_end = _line_end(body, end)
            if body[rest_start:rest_end].strip():
                ann.target_start, ann.target_end = rest_start, rest_end
        elif ann.type in ("uncertain", "sic") and content.strip().lower() in ("?", "sic", "sic!"):
            if previous is not None and previous_end == start:
                ann.target_start, ann.target_end = previous.start, previous.end
            else:
                m = re.search(r"[\w'’-]+\W*$", body[:start])
                if m:
                    word = re.match(r"[\w'’-]+", m.group(0))
                    ann.target_start = m.start()
                    ann.target_end = m.start() + (word.end() if word else 0)
        found.append(ann)
        previous_end, previous = end, ann
    inside = [(a.start, a.end) for a in found]
    for m in _PAREN_PAGE.finditer(body):
        if any(s <= m.start() < e for s, e in inside):
            continue
        found.append(
            Annotation(
                type="page", start=m.start(), end=m.end(), text=m.group(0), content=m.group(0)[1:-1]
            )
        )
    found.sort(key=lambda a: a.start)
    return found


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
