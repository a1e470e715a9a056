"""Reference numbers: a document's own number(s) and the numbers of the documents it answers.

Why keys and not digits: diplomatic numbers are only unique inside a series. Telegram 402 from
Geneva and telegram 402 from Taipei are different messages, as are the Department's telegram 402
*to* Geneva and Geneva's 402 *to* the Department; a Chinese embassy's "(59) Korean Consular No.
085" is the 85th letter of that series in 1959. Every number is therefore read together with
its series and turned into a :class:`Ref` key; two documents are linked only when the keys are
equal (and, by the storage layer, when their dates allow it).

Why so few forms: a wrong "In reply to" link is worse than none. Only these are read:

* Numbered letters (the Wilson Center's translations of PRC Foreign Ministry files): the own
  number is a line of its own near the head, ``(59) Korean Consular No. 085``; a reference
  names year, series and number after a phrase that says so: ``Received letter (59) First
  Consular Affairs No. 6/48``, ``In reply to your (59) … No. …``.
* FRUS telegrams between the Department of State and a post: the own number opens the first
  paragraph after the dateline (``466. Your 402, 403 and 417.``), and the numbers answered
  are the references that *open* one of its first four sentences (``Your 364``, ``Re Deptel 598``,
  ``Reference: Deptel 738``, ``Deptels 401 and 412 and Embtel 510``). A number mentioned
  later in the text (``as stated my 485``) is a mention, not a reply, and is left out.
  The post's series is its city: the dateline place of a post's telegram, the ``at Geneva``
  or the capital of ``the Embassy in Korea`` for the Department's. A telegram whose series
  cannot be told (a circular, the Secretary cabling from New York) gets no key.
* Military messages quoted in FRUS (``UK 977970 CC``, ``DEF 939246``): an originator's
  prefix and a six- or seven-digit number, unique by themselves.

FRUS source notes are not read: in the volumes at hand they name other telegrams (the same
text sent to New Delhi as telegram 383, an earlier instruction), never the answered one, and the
one own number they give (``Dulte 1 from New York``) is in a series of its own.

References whose series cannot be told (``Reftel``, ``New York's 4``) are kept with no key,
so that the page can show them as written, unresolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .record import Record


@dataclass(frozen=True)
class Ref:
    """One reference number. ``key`` is ``None`` when the series cannot be told; ``dated`` is
    true when the key itself carries the year (so documents without a date may still match)."""

    label: str
    key: str | None
    dated: bool = False


@dataclass
class Numbers:
    own: list[Ref] = field(default_factory=list)
    cites: list[Ref] = field(default_factory=list)


def read_numbers(record: Record) -> Numbers:
    """The record's own reference numbers and those it answers, in text order, each once."""
    numbers = Numbers()
    for text in record.texts:
        _add(numbers, _letter_numbers(text.body))
    first = record.texts[0].body if record.texts else ""
    _add(numbers, _telegram_numbers(record.title, (record.extra or {}).get("place"), first))
    return numbers


def _add(into: Numbers, found: Numbers) -> None:
    for ref in found.own:
        if ref not in into.own:
            into.own.append(ref)
    for ref in found.cites:
        if ref not in into.cites and ref.key not in {r.key for r in into.own if r.key}:
            into.cites.append(ref)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w/]+", " ", text).lower().split())


# --- numbered letters --------------------------------------------------------------------------

_SERIES = r"\((?P<year>\d{2}|\d{4})\)\s*(?P<series>[A-Z][\w'’ -]{1,60}?)\s+No\.\s*(?P<no>\d[\w/-]*)"
_OWN_LETTER = re.compile(rf"^\s*{_SERIES}\s*\.?\s*$")
_CITED_LETTER = re.compile(
    r"\b(?P<phrase>(?:[Rr]eceived|[Yy]our|[Oo]ur|[Ii]n reply to|[Rr]eplying to|[Rr]eference|"
    r"[Rr]eferring to|[Rr]e:?)(?:\s+(?:your|our|the))?(?:\s+(?:letter|cable|telegram|note))?)"
    rf"\s+{_SERIES}"
)


def _letter_key(match: re.Match) -> str:
    year = match["year"][-2:]
    return f"no:{year}:{_norm(match['series'])}:{match['no'].lower()}"


def _letter_numbers(body: str) -> Numbers:
    """Own number: a line of its own among the first six lines with words; cited: after a
    phrase that says the number is answered or referred to."""
    numbers = Numbers()
    if "No." not in body:
        return numbers  # both patterns need it (most texts: spared a scan at every word)
    lines = [line for line in body.splitlines() if line.strip()][:6]
    for line in lines:
        if m := _OWN_LETTER.match(line):
            numbers.own.append(Ref(_clean(m.group(0)), _letter_key(m), dated=True))
    for m in _CITED_LETTER.finditer(body):
        label = _clean(m.group(0)[len(m["phrase"]) :])
        numbers.cites.append(Ref(label, _letter_key(m), dated=True))
    return numbers


def _clean(text: str) -> str:
    return " ".join(text.split()).rstrip(".")


# --- FRUS telegrams ----------------------------------------------------------------------------

_TELEGRAM_TITLE = re.compile(
    r"^(?:\d+[A-Z]?\.\s*)?(?P<circular>Circular\s+)?Telegram\s+From\s+(?P<parties>.+)$", re.S
)
_DEPARTMENT = re.compile(
    r"^(?:the\s+)?(?:Department of State|(?:Acting\s+)?Secretary of State|"
    r"(?:Acting\s+)?Under Secretary of State)$",
    re.I,
)
_POST = re.compile(r"\b(?:Embassy|Ambassador|Chargé|Charge|Consul|Consulate|Legation|Minister)\b")
_AT_PLACE = re.compile(r"(?:,\s+|\s+)at\s+(?P<place>[A-Z][\w .'-]+)$")
_IN_COUNTRY = re.compile(r"\b(?:in|to)\s+(?:the\s+)?(?P<country>[A-Z][\w .'-]+?)(?:\s+\([^)]*\))?$")

# The cities of the missions the Department cabled in the years our sources cover: the series
# of "the Embassy in Korea" is Seoul's. A country not listed gives no key (nothing is guessed).
CAPITALS = {
    "korea": "seoul",
    "republic of korea": "seoul",
    "republic of china": "taipei",
    "soviet union": "moscow",
    "union of soviet socialist republics": "moscow",
    "poland": "warsaw",
    "burma": "rangoon",
    "japan": "tokyo",
    "united kingdom": "london",
    "france": "paris",
    "india": "new delhi",
    "indonesia": "djakarta",
    "philippines": "manila",
    "thailand": "bangkok",
    "vietnam": "saigon",
    "viet-nam": "saigon",
    "pakistan": "karachi",
    "cambodia": "phnom penh",
    "laos": "vientiane",
    "hong kong": "hong kong",
    "federal republic of germany": "bonn",
    "italy": "rome",
    "canada": "ottawa",
    "australia": "canberra",
}

# The opening references stand in the first sentences: a few hundred characters at most.
HEAD_CHARS = 2000
_OWN_TELEGRAM = re.compile(r"^(?P<no>\d{1,5})\.\s")
_MESSAGE_ID = re.compile(r"\b(?P<prefix>[A-Z]{2,6})\s?(?P<no>\d{6,7})\b")
_OWN_MESSAGE = re.compile(rf"^{_MESSAGE_ID.pattern}(?:\s+CC)?\.?")
_NUM = r"\d{1,5}(?!,?\d)"  # not a longer number, nor "1,254" read as 1
_NUMS = _NUM + r"(?:(?:\s*,\s*|\s+and\s+)" + _NUM + r")*"
_TOKEN = re.compile(
    r"(?P<word>Deptels?|Embtels?|(?:[Mm]y|[Oo]ur|[Uu]r|[Rr]eur)tels?|"
    r"(?:[Yy]our|[Mm]y|[Oo]ur)(?:\s+(?:summary\s+)?"
    r"(?:tel(?:egram)?s?))?|Reftels?|Reference\s+telegrams?)\s+(?P<nums>" + _NUMS + r")"
    r"|(?P<msg>" + _MESSAGE_ID.pattern + r")(?:\s+CC)?"
    r"|(?P<reftel>Reftels?)\b"
    r"|(?P<place>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)[’']s\s+(?P<pnums>\d{1,5})\b"
)
_REF_LEAD = re.compile(
    r"^(?:(?:Re|Ref|Refs|Reference|References)\b(?!\s+telegram)[:.]?\s*(?:\([A-Z]\)\s*)?)?"
)
_SEPARATOR = re.compile(r"^(?:\s*(?:,|;|and|\([A-Z]\))\s*)+")
_DATE_AFTER = re.compile(
    r"^,?\s+(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.?\s+\d{1,2}\b"
)


@dataclass(frozen=True)
class _Channel:
    """A telegram's series: the post's city and whether the Department sent it (``out``)."""

    post: str
    out: bool

    def key(self, no: str, *, out: bool | None = None) -> str:
        direction = self.out if out is None else out
        return f"tel:{self.post}:{'out' if direction else 'in'}:{int(no)}"


def _telegram_numbers(title: str, place: str | None, body: str) -> Numbers:
    numbers = Numbers()
    m = _TELEGRAM_TITLE.match(" ".join(title.split()))
    if m is None:
        return numbers
    channel = None if m["circular"] else _channel_of(m["parties"], place)
    head = _number_paragraph(body)
    if head is None:
        return numbers
    if own := _OWN_TELEGRAM.match(head):
        if channel is not None:
            numbers.own.append(Ref(f"{own['no']}", channel.key(own["no"])))
        head = head[own.end() :]
    elif own := _OWN_MESSAGE.match(head):
        numbers.own.append(Ref(_clean(own.group(0)), _message_key(own)))
        head = head[own.end() :]
    for sentence in _sentences(head[:HEAD_CHARS])[:4]:
        numbers.cites.extend(_leading_refs(sentence, channel))
    return numbers


def _channel_of(parties: str, place: str | None) -> _Channel | None:
    """ "X to Y" split at the " to " that leaves the Department on one side: "the Ambassador to
    Japan (MacArthur) to the Department of State" has two."""
    for m in re.finditer(r"\s+to\s+", parties):
        sender, recipient = parties[: m.start()], parties[m.end() :]
        if _DEPARTMENT.match(sender.strip()) or _DEPARTMENT.match(recipient.strip().rstrip(".")):
            return _channel(sender, recipient, place)
    return None


def _channel(sender: str, recipient: str, place: str | None) -> _Channel | None:
    """The series a Department–post telegram is numbered in, or ``None`` when unsure."""
    sender, recipient = sender.strip(), recipient.strip().rstrip(".")
    if _DEPARTMENT.match(sender) and not _DEPARTMENT.match(recipient):
        if (place or "").strip().lower() != "washington":
            return None  # sent from elsewhere (the Secretary abroad): another series
        post = _post_city(recipient)
        return _Channel(post, out=True) if post else None
    if _DEPARTMENT.match(recipient) and _POST.search(sender) and place:
        if place.strip().lower() == "washington":
            return None
        return _Channel(place.strip().lower(), out=False)
    return None


def _post_city(recipient: str) -> str | None:
    if not _POST.search(recipient):
        return None
    if m := _AT_PLACE.search(recipient):
        return m["place"].strip().lower()
    if m := _IN_COUNTRY.search(recipient):
        return CAPITALS.get(m["country"].strip().lower())
    return None


def _number_paragraph(body: str) -> str | None:
    """The paragraph that opens with the telegram's number: the first or second with words
    (the first is usually the dateline)."""
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()][:2]
    for paragraph in paragraphs:
        if _OWN_TELEGRAM.match(paragraph) or _OWN_MESSAGE.match(paragraph):
            return " ".join(paragraph.split())
    return None


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?:(?<=\.)|(?<=\.\)))\s+(?=[A-Z(])", text.strip()) if s]


def _message_key(m: re.Match) -> str:
    return f"msg:{m['prefix'].lower()}:{m['no']}"


def _leading_refs(sentence: str, channel: _Channel | None) -> list[Ref]:
    """The references a sentence opens with, up to the first words that are not one."""
    rest = sentence[_REF_LEAD.match(sentence).end() :]
    refs: list[Ref] = []
    while m := _TOKEN.match(rest):
        refs.extend(_token_refs(m, channel))
        rest = rest[m.end() :]
        if d := _DATE_AFTER.match(rest):
            rest = rest[d.end() :]
        sep = _SEPARATOR.match(rest)
        if sep is None:
            break
        rest = rest[sep.end() :]
    return refs


def _token_refs(m: re.Match, channel: _Channel | None) -> list[Ref]:
    if m["msg"]:
        return [Ref(_clean(m.group(0)), _message_key(m))]
    if m["reftel"]:
        return [Ref(m["reftel"], None)]
    if m["place"]:
        return [Ref(_clean(m.group(0)), None)]
    word = " ".join(m["word"].split())
    if word.endswith("tels"):
        word = word[:-1]  # "Deptels 401 and 412": Deptel 401, Deptel 412
    nums = re.findall(r"\d+", m["nums"])
    out = _direction(word, channel)
    return [
        Ref(f"{word} {no}", channel.key(no, out=out) if channel and out is not None else None)
        for no in nums
    ]


def _direction(word: str, channel: _Channel | None) -> bool | None:
    """Whether ``word`` names a telegram the Department sent (``True``), the post sent
    (``False``), or cannot be told (``None``: "Reference telegram" says neither)."""
    if channel is None:
        return None
    lead = word.split()[0].lower()
    lead = {"urtel": "your", "urtels": "your", "reurtel": "your", "reurtels": "your"}.get(
        lead, lead
    )
    lead = {"mytel": "my", "mytels": "my", "ourtel": "our", "ourtels": "our"}.get(lead, lead)
    if lead.startswith("deptel"):
        return True
    if lead.startswith("embtel"):
        return False
    if lead in ("your",):
        return not channel.out
    if lead in ("my", "our"):
        return channel.out
    return None
