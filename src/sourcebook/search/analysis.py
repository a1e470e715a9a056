"""Text analysis for the index: the one place where CJK tokenization and name keys plug in.

Why one module: the index and the query must cut text the same way, or words stop matching.
Everything that turns text into index tokens goes through here. When the names/CJK modules
(:mod:`sourcebook.core.cjk`, :mod:`sourcebook.core.names`) are present they do the work; the
fallbacks below keep search working (without name variants) if they are not.

Tokens are produced in Python and handed to Tantivy joined by spaces; the index's own tokenizer
only splits on whitespace. Latin words are case- and accent-folded and lose apostrophes
(``P'yŏngyang`` → ``pyongyang``); CJK runs become overlapping character pairs (bigrams), so
every word of two or more characters is found without a segmentation dictionary, and
simplified and traditional Chinese fold together.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

try:  # pragma: no cover - depends on the names branch being merged
    from sourcebook.core import cjk as _cjk
except ImportError:  # pragma: no cover
    _cjk = None
try:  # pragma: no cover
    from sourcebook.core import names as _names
except ImportError:  # pragma: no cover
    _names = None

_CJK_CHAR = (
    r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
)
_CJK_RUN = re.compile(rf"[{_CJK_CHAR}]+")
# A word: letters/digits with inner apostrophes (P'yŏngyang, Chou's), or a CJK run.
WORD = re.compile(rf"[{_CJK_CHAR}]+|[^\W_]+(?:['’ʼ`][^\W_]+)*", re.UNICODE)
_APOSTROPHES = re.compile(r"['’ʼ`]")


@lru_cache(maxsize=1)
def _opencc():
    try:
        import opencc

        return opencc.OpenCC("t2s")
    except Exception:  # pragma: no cover
        return None


def fold_latin(word: str) -> str:
    """Lower case, accents and breves off, apostrophes out: the form Latin words are indexed in."""
    word = _APOSTROPHES.sub("", word)
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_chinese(text: str) -> str:
    if _cjk is not None:
        return _cjk.fold_chinese(text)
    cc = _opencc()
    return cc.convert(text) if cc else text


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def _fallback_tokens(text: str) -> list[str]:
    out: list[str] = []
    for m in WORD.finditer(text):
        word = m.group()
        if _CJK_RUN.fullmatch(word):
            out.extend(_bigrams(fold_chinese(word)))
        else:
            out.append(fold_latin(word))
    return out


def index_text(text: str) -> str:
    """The text as whitespace-separated index tokens."""
    if not text:
        return ""
    if _cjk is not None:
        return _cjk.tokenize_for_index(text)
    return " ".join(_fallback_tokens(text))


def query_tokens(text: str) -> list[str]:
    """The tokens of one query word or phrase, in order (a phrase if more than one)."""
    if not text:
        return []
    if _cjk is not None:
        return list(_cjk.tokenize_query(text))
    return _fallback_tokens(text)


def word_spans(text: str) -> list[tuple[int, int, list[str]]]:
    """(start, end, tokens) for each word of ``text``, for highlighting matches in snippets."""
    spans = []
    for m in WORD.finditer(text):
        spans.append((m.start(), m.end(), query_tokens(m.group())))
    return spans


# Names ----------------------------------------------------------------------------------------


@dataclass
class NameMatch:
    """A run of query words that reads as a name, with the key phrases that find its renderings."""

    start: int
    end: int
    phrases: list[list[str]] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    raw: object = None


def load_tables() -> None:
    """Load the CJK and name reading tables now, rather than in a process's first search."""
    from .analysis_stamp import PROBE

    index_text(PROBE)
    name_streams(PROBE)
    query_names(PROBE.split())


def names_available() -> bool:
    return _names is not None


# Query words are never names at this length (URLs, hashes, runs of one letter): the names
# module's readers of a query word cost more than linear on them, so they are spared them. CJK
# characters are left alone: Chinese and Japanese write a whole sentence without a space, and a
# name inside it must still be read. Texts need no such guard: the names module skips long
# words of a text itself (``LONGEST_NAME_WORD``) and reads CJK runs a character at a time.
_LONG_WORD = re.compile(rf"[^\s{_CJK_CHAR}]{{40,}}")
log = logging.getLogger("sourcebook.search")


def _short_words(text: str) -> str:
    return _LONG_WORD.sub("x", text) if len(text) >= 40 else text


def name_streams(text: str, language: str | None = None) -> list[str]:
    """Name-key streams of ``text`` (one per romanization system), for the ``names`` field.

    ``language`` is the text's, when known: Han characters in a Chinese text are keyed in their
    Mandarin reading only, in a Korean text in their Sino-Korean reading only, and in any other
    (an English translation quoting 金日成, a title) in both.

    Never raises: a text the names module cannot read is indexed without name keys (its words
    are still searchable), so one odd document can never stop the indexer.
    """
    return name_keys(text, language)[0]


def name_keys(text: str, language: str | None = None) -> tuple[list[str], list[str]]:
    """:func:`name_streams` and the keys that begin a word (``names.index_keys``): a query of
    one key is looked up among those (:func:`shingle`). Never raises, as name_streams."""
    if _names is None or not text:
        return [], []
    try:
        streams, starts = _names.index_keys(text, language=language)
        return [s for s in streams if s and s.strip()], starts
    except Exception:  # pragma: no cover - depends on the names module's inputs
        log.exception("name keys failed for a text of %d characters; indexed without", len(text))
        return [], []


# Name-key shingles: every run of two and three consecutive keys of a stream as one token
# (``zh:zhou+zh:en+zh:lai``), in a field of its own beside the stream's. Why: a name query is a
# phrase query on the keys, and a phrase query visits every document holding all its keys and
# checks their positions; at 100,000 documents the nine key phrases of "Chou En-lai" cost about
# 11 of its 15 ms (``bench/RESULTS.md``). A shingle holds exactly the documents where the phrase
# occurs, so the same question is one term query. Placeholders (``_``) break a run: no query
# phrase holds one. Longer phrases (four keys and more, rare) stay phrase queries on the keys.
#
# A key that begins a word goes there too, marked (``^ko:kim``): a query of one key (Kim, Yi)
# is that one term, so it finds Kim and 김일성 but not the syllable inside Regime or National
# (:func:`sourcebook.core.names.index_keys`).
SHINGLE_JOIN = "+"
SHINGLE_FIELD = "_sh"  # suffix of the field beside each key field that holds its shingles
START = "^"  # marks a key that begins a word, in the shingle field
PLACEHOLDER = "_"  # the names module's key for a word with no reading
SHINGLE_SIZES = (2, 3)
TOKEN_BYTES = 100  # the index's tokenizer drops tokens of this many UTF-8 bytes or more


def kept(token: str) -> bool:
    """Whether the index keeps ``token``: its analyzer (``remove_long``) drops tokens of
    :data:`TOKEN_BYTES` bytes or more, counted in UTF-8 before lower-casing."""
    if token.isascii():
        return len(token) < TOKEN_BYTES
    return len(token.encode("utf-8")) < TOKEN_BYTES


def key_shingles(stream: str) -> str:
    """The shingles of one name-key stream, space-separated (empty when it has none)."""
    out: list[str] = []
    run: list[str] = []
    for key in [*stream.split(), PLACEHOLDER]:
        if key == PLACEHOLDER or SHINGLE_JOIN in key:
            run = []
            continue
        run.append(key)
        for n in SHINGLE_SIZES:
            if len(run) >= n:
                token = SHINGLE_JOIN.join(run[-n:])
                if kept(token):
                    out.append(token)
    return " ".join(out)


def word_starts(starts: list[str]) -> str:
    """The shingle field's tokens for the keys that begin a word (``^`` + key), space-separated;
    repeats kept, so a name named often ranks higher."""
    return " ".join(START + k for k in starts if kept(START + k))


def shingle(phrase: list[str]) -> str | None:
    """The one shingle token that holds exactly the documents where ``phrase`` (a run of name
    keys) occurs, or None when no shingle does (more keys than a shingle holds). One key is
    looked up where it begins a word (:func:`word_starts`)."""
    if len(phrase) == 1:
        token = START + phrase[0]
        return token if phrase[0] != PLACEHOLDER and kept(token) else None
    if len(phrase) not in SHINGLE_SIZES:
        return None
    if any(SHINGLE_JOIN in k or k == PLACEHOLDER for k in phrase):
        return None
    token = SHINGLE_JOIN.join(phrase)
    return token if kept(token) else None


# Word pairs: every two consecutive index tokens of a field's value as one token
# (``armistice+talks``, ``周恩+恩来``), in a field beside each word field (``body_pairs``, …).
# Why: a phrase query reads the positions of every document holding all its words; at 1M
# documents ``"armistice talks"`` (in 78 % of the benchmark's documents) cost about 100 ms of a
# 100 ms budget (``bench/RESULTS.md``). A pair holds exactly the documents where the two words
# stand together, so a phrase of two tokens (and every CJK word of three characters) becomes one
# term; a longer phrase is still checked on positions, but only in the documents holding all
# its pairs. Elasticsearch's ``index_phrases`` does the same. A pair is ranked as a term of its
# own field (its frequency is the phrase's), not as a phrase.
PAIRS_FIELD = "_pairs"  # suffix of the field beside each word field that holds its pairs


def word_pairs(indexed: str) -> str:
    """The pairs of one value's index tokens (:func:`index_text`'s output), space-separated.

    Index tokens never hold a space or :data:`SHINGLE_JOIN` (they are letters, digits and CJK
    characters), so a pair reads back one way only; a pair the index would drop is left out.
    """
    if " " not in indexed:
        return ""
    tokens = indexed.split(" ")
    if "" in tokens:  # the index's tokenizer skips empty tokens: so do the pairs
        tokens = [t for t in tokens if t]
    pairs = list(map(SHINGLE_JOIN.join, pairwise(tokens)))
    # Most texts: ASCII tokens far shorter than the limit, so every pair is kept.
    if not indexed.isascii() or 2 * max(map(len, tokens)) + 1 >= TOKEN_BYTES:
        pairs = [p for p in pairs if kept(p)]
    return " ".join(pairs)


def phrase_pairs(tokens: list[str]) -> list[str]:
    """The pairs of a query phrase's tokens that the index holds (as :func:`word_pairs` makes
    them); fewer than ``len(tokens) - 1`` when a pair is too long to be indexed."""
    pairs = map(SHINGLE_JOIN.join, pairwise(tokens))
    return [p for p in pairs if kept(p)]


def query_names(words: list[str]) -> list[NameMatch]:
    """The runs of ``words`` that are names, with the key phrases to look them up by."""
    if _names is None or not words:
        return []
    try:
        found = _names.query_names([_short_words(w) for w in words])
    except Exception:  # pragma: no cover
        log.exception("name lookup failed for a query; searching the words as written")
        return []
    out = []
    for nq in found:
        phrases = [p.split() for p in nq.phrases if p and p.split()]
        if phrases:
            out.append(NameMatch(nq.start, nq.end, phrases, list(nq.variants), nq))
    return out


def name_spans(text: str, matches: list[NameMatch]) -> list[tuple[int, int, str]]:
    """Where the query's names occur in ``text``, in any rendering: (start, end, as written)."""
    return [(s, e, written) for s, e, written, _ in name_readings(text, matches)]


def name_readings(text: str, matches: list[NameMatch]) -> list[tuple[int, int, str, str]]:
    """Like :func:`name_spans`, with the reading that matched each rendering (``mandarin`` or
    ``sino-korean`` for Han characters; ``chinese``, ``korean``, ``russian`` otherwise)."""
    if _names is None or not matches or not text:
        return []
    try:
        return list(_names.find_readings(text, [m.raw for m in matches]))
    except Exception:  # pragma: no cover
        log.exception("finding name renderings failed; snippet without them")
        return []
