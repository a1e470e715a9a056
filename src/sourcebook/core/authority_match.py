"""When two persons lists name one person: name keys and description conflicts (no Django).

A volume's persons list writes "Johnson, U. Alexis", another "U. Alexis Johnson"; one writes
"Chou En-lai", the next "Chou En-lai (Zhou Enlai)" or "Zhou Enlai"; a third "Kim Il-song". The
keys of :func:`person_keys` make these equal: the words of the name in any order (so inverted
and natural order meet), with honorifics dropped, and the romanization phrases of
:func:`sourcebook.core.names.name_phrases` for Chinese and Korean names (so Wade–Giles meets
pinyin and McCune–Reischauer meets Revised Romanization).

A shared key is not enough to merge: two different people can share a name. :func:`evidence`
adds the descriptions: they agree, or at least nothing in them says "someone else" (a
different nation they serve, a different service rank, dates decades apart). Descriptions of
the same person in different volumes often share no word at all (Bohlen is "Ambassador to the
Soviet Union" in one volume, "Special Assistant to the Secretary of State" in the next), so
agreement cannot be required; a stated conflict is what stops a merge. The caller decides the
rest (a name met once on each side, no editor's decision against it).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .names import name_phrases

# Words of a listed name that are not the name: ranks, honorifics, offices.
RANKS = {
    "admiral": "navy",
    "adm": "navy",
    "commodore": "navy",
    "general": "army",
    "gen": "army",
    "colonel": "army",
    "col": "army",
    "major": "army",
    "lieutenant": "",
    "lt": "",
    "captain": "",
    "capt": "",
    "marshal": "army",
    "brigadier": "army",
}
HONORIFICS = frozenset(
    "sir lord lady dame dr mr mrs ms mme madame monsieur prince princess king queen cardinal "
    "bishop father rev reverend hon honorable senator ambassador president premier chairman "
    "minister comrade vice rear air".split()
)
_NOT_NAME = HONORIFICS | frozenset(RANKS)
_TOKEN = re.compile(r"[^\W_]+")
_PAREN = re.compile(r"\(([^)]*)\)")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _tokens(name: str) -> list[str]:
    words = _TOKEN.findall(_fold(name))
    kept = [w for w in words if w not in _NOT_NAME]
    return kept or words


def _forms(name: str) -> list[str]:
    """The name as written (parentheses removed), and each parenthesised alternative."""
    main = " ".join(_PAREN.sub(" ", name).split())
    return [f for f in [main, *(m.strip() for m in _PAREN.findall(name))] if f]


def _orders(form: str) -> list[str]:
    """ "Surname, Given" read both ways: natural order (U. Alexis Johnson) and as written
    without the comma (Chang Myon, Yun Po Sun: East Asian order)."""
    if "," not in form:
        return [form]
    head, _, tail = form.partition(",")
    tail = ",".join(p for p in tail.split(",") if _fold(p).strip(" .") not in {"jr", "sr"})
    return [f"{tail} {head}".replace(",", " "), f"{head} {tail}".replace(",", " ")]


@lru_cache(maxsize=32768)
def person_keys(name: str) -> frozenset[str]:
    """Keys under which two renderings of one person's name meet (prefix ``t:`` words,
    ``r:`` romanization phrase). Names of one word give no key: a surname alone is no evidence.

    Cached: an ingest compares each name several times (index, matching, proposals), and the
    romanization analysis is the costly part."""
    keys: set[str] = set()
    for form in _forms(name):
        tokens = _tokens(form)
        if len(tokens) >= 2:
            keys.add("t:" + " ".join(sorted(tokens)))
        for order in _orders(form):
            plain = " ".join(w for w in _TOKEN.findall(order) if _fold(w) not in _NOT_NAME)
            if len(plain.split()) < 2 and not re.search(r"[^\x00-\u024f]", plain):
                continue
            for phrase in name_phrases(plain):
                if phrase.startswith(("zh:", "ko:", "ru:")):
                    keys.add("r:" + phrase)
    return frozenset(keys)


def ranks(name: str) -> set[str]:
    """Services implied by ranks in the listed name (Admiral: navy, General: army)."""
    return {RANKS[w] for w in _TOKEN.findall(_fold(name)) if RANKS.get(w)}


# Descriptions ----------------------------------------------------------------------------------

_STOP = {"the", "of", "and", "for", "to", "in", "on", "at", "a", "an"}

# Whom a person serves, read from a description: "Japanese Ambassador", "President of the
# Republic of Korea", "USN". Postings ("Ambassador to Japan", "Consul General in Hong Kong") and
# desks ("Office of Korean Affairs") say nothing about it and are left out.
_NATIONS = [
    ("prc", r"people['’]s republic of china|communist chin\w*|chinese communist\w*|prc"),
    ("dprk", r"democratic people['’]s republic of korea|north korean?|dprk"),
    ("rok", r"republic of korea|south korean?|rok|roka"),
    ("roc", r"republic of china|nationalist chin\w*|chinese nationalist\w*|roc"),
    ("us", r"united states|american|u\.\s?s\.|usn|usa|usaf|usmc"),
    ("jp", r"japan|japanese"),
    ("uk", r"british|great britain|united kingdom|u\.\s?k\."),
    ("su", r"soviet union|soviet|ussr|russian"),
    ("fr", r"france|french"),
    ("in", r"india|indian"),
    ("ca", r"canada|canadian"),
    ("au", r"australia|australian"),
    ("ph", r"philippines|philippine"),
    ("id", r"indonesia|indonesian"),
    ("pl", r"poland|polish"),
    ("de", r"germany|german"),
    ("it", r"italy|italian"),
    ("nl", r"netherlands|dutch"),
    ("vn", r"vietnam|vietnamese"),
    ("th", r"thailand|thai"),
    ("bu", r"burma|burmese"),
    ("cn", r"chinese|china"),
    ("kr", r"korean|korea"),
]
_NATION = re.compile(
    r"(?P<before>\b(?:to|in|at|with|from|for|of)\s+(?:the\s+)?)?"
    r"\b(?P<nation>" + "|".join(f"(?:{p})" for _, p in _NATIONS) + r")(?!\w)"
    r"(?P<after>\s+(?:affairs|desk|question|problem|policy)\b)?",
    re.I,
)
_NATION_CODES = [(code, re.compile(rf"^(?:{p})$", re.I)) for code, p in _NATIONS]
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


def _nation_code(text: str) -> str:
    for code, pattern in _NATION_CODES:
        if pattern.match(text):
            return code
    return ""


def _broad(code: str) -> str:
    return {"prc": "cn", "roc": "cn", "dprk": "kr", "rok": "kr"}.get(code, code)


def affiliations(description: str) -> set[str]:
    """Nations a description says the person serves (adjectives, "of X", "from X", service
    abbreviations), never the countries they are posted to or work on."""
    out: set[str] = set()
    for m in _NATION.finditer(description):
        if m.group("after"):
            continue
        before = (m.group("before") or "").strip().lower()
        if before and not before.startswith(("of", "from")):
            continue
        code = _nation_code(m.group("nation"))
        if code:
            out.add(code)
    return out


def _postings(description: str) -> set[str]:
    out = set()
    for m in _NATION.finditer(description):
        before = (m.group("before") or "").strip().lower()
        if before.startswith(("to", "in", "at")) and not m.group("after"):
            out.add(_broad(_nation_code(m.group("nation"))))
    return out


def content_words(text: str) -> set[str]:
    """A description's words that say something (no stop words, none under three letters)."""
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in _STOP and len(w) > 2}


def description_agreement(a: str, b: str) -> float:
    """Share of content words two descriptions have in common (0 to 1)."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _nations_conflict(a: str, b: str) -> str:
    fa, fb = affiliations(a), affiliations(b)
    if fa and fb:
        broad_a, broad_b = {_broad(c) for c in fa}, {_broad(c) for c in fb}
        if not broad_a & broad_b:
            return (
                f"they serve different nations ({', '.join(sorted(fa))} / {', '.join(sorted(fb))})"
            )
        specific = {c for c in fa | fb if c != _broad(c)}
        if len({c for c in specific if _broad(c) == "cn"}) > 1:
            return "one serves the People's Republic, the other the Republic of China"
        if len({c for c in specific if _broad(c) == "kr"}) > 1:
            return "one serves North Korea, the other South Korea"
    for own, other in ((fa, b), (fb, a)):
        posted = _postings(other)
        if own and posted and {_broad(c) for c in own} & posted and not affiliations(other):
            return "one serves a nation the other is posted to"
    return ""


def _years_conflict(a: str, b: str) -> str:
    ya = {int(y) for y in _YEAR.findall(a)}
    yb = {int(y) for y in _YEAR.findall(b)}
    if ya and yb and min(abs(x - y) for x in ya for y in yb) > 40:
        return f"their dates are decades apart ({min(ya)} / {min(yb)})"
    return ""


@dataclass(frozen=True)
class Evidence:
    """How strongly two list entries with a shared name key are one person."""

    strong: bool
    agreement: float
    reason: str


def evidence(name_a: str, desc_a: str, name_b: str, desc_b: str) -> Evidence:
    """Strong when the names share a key and nothing in the descriptions or ranks conflicts.

    Why an empty description is weak: with nothing said about the person, a shared name is all
    there is, and namesakes are common; an editor decides.
    """
    score = round(description_agreement(desc_a, desc_b), 3)
    if not person_keys(name_a) & person_keys(name_b):
        return Evidence(False, score, "the names differ")
    if not desc_a.strip() or not desc_b.strip():
        return Evidence(False, score, "a description is missing")
    ra, rb = ranks(name_a), ranks(name_b)
    if ra and rb and not ra & rb:
        return Evidence(False, score, "their ranks belong to different services")
    conflict = _nations_conflict(desc_a, desc_b) or _years_conflict(desc_a, desc_b)
    if conflict:
        return Evidence(False, score, conflict)
    if score >= 0.5:
        return Evidence(True, score, "same name, descriptions agree")
    return Evidence(True, score, "same name, descriptions do not conflict")
