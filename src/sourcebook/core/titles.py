"""What a document's title suggests about its type, sender and recipient.

Archive titles follow a few habits (``Cable, X to Y``; ``Telegram from X to Y``; ``Memorandum of
Conversation between X and Y``; ``Letter from X to Y``; ``Report from X on Y``). Reading them gives
editors a head start, but a title can mislead, so the result is kept as a *suggestion*
(:class:`~sourcebook.core.record.Suggested`), never written into the authoritative fields.
"""

from __future__ import annotations

import re

from .record import Suggested

_TYPES = (
    "Memorandum of Conversation|Memorandum for the Record|Memorandum of a Conversation|"
    "Record of Conversation|Minutes of Conversation|Minutes|Cable|Telegram|Letter|Memorandum|"
    "Report|Note|Notes|Message|Speech|Statement|Directive|Instruction|Diary Entry|Diary|"
    "Transcript|Record|Summary|Circular|Resolution|Decree|Airgram|Despatch|Dispatch|Intelligence "
    "Report|Protocol|Agreement|Communiqué|Communique|Draft|Information|Journal"
)
_HEAD = re.compile(rf"^(?P<type>{_TYPES})\b[,:]?\s*(?P<rest>.*)$", re.I | re.S)
_BETWEEN = re.compile(r"^(?:between|with)\s+(?P<a>.+?)\s+and\s+(?P<b>.+)$", re.I | re.S)
_FROM_TO = re.compile(r"^(?:from\s+)?(?P<a>.+?)\s+to\s+(?P<b>.+)$", re.I | re.S)
_FROM_ON = re.compile(
    r"^(?:from|by)\s+(?P<a>.+?)\s+(?:on|about|regarding|concerning)\s+(?P<s>.+)$", re.I | re.S
)
_FROM = re.compile(r"^(?:from|by)\s+(?P<a>.+)$", re.I | re.S)
_ON = re.compile(r"^(?:on|about|regarding|concerning)\s+(?P<s>.+)$", re.I | re.S)


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[,.;:]+$", "", text).strip()


def _normal_type(name: str) -> str:
    canon = {
        "memorandum of a conversation": "Memorandum of Conversation",
        "communique": "Communiqué",
        "despatch": "Dispatch",
    }
    low = name.lower()
    return canon.get(
        low, " ".join(w if w in ("of", "for", "the") else w.capitalize() for w in low.split())
    )


def suggest(title: str) -> Suggested:
    """Read type, sender, recipient, participants or subject from a title, where it shows them."""
    m = _HEAD.match(title.strip())
    if not m:
        return Suggested()
    out = Suggested(doc_type=_normal_type(m.group("type")))
    # Runs of spaces made one first: every part found is cleaned the same way anyway, and a lazy
    # ``.+?\s+and`` re-read a long run from each of its positions (found by bench/fuzz.py).
    rest = re.sub(r"\s+", " ", m.group("rest")).strip()
    # Dates and places after a comma are not people: "Memorandum of Conversation, Beijing, 1959".
    if not rest:
        return out
    if (b := _BETWEEN.match(rest)) is not None:
        out.participants = [_clean(b.group("a")), _clean(b.group("b"))]
        return out
    if (f := _FROM_ON.match(rest)) is not None:
        out.sender, out.subject = _clean(f.group("a")), _clean(f.group("s"))
        return out
    if (f := _FROM_TO.match(rest)) is not None:
        out.sender, out.recipient = _clean(f.group("a")), _clean(f.group("b"))
        return out
    if (f := _FROM.match(rest)) is not None:
        out.sender = _clean(f.group("a"))
        return out
    if (f := _ON.match(rest)) is not None:
        out.subject = _clean(f.group("s"))
    return out
