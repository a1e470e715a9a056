"""The gazetteer: every authority's forms in dicts keyed by word tuples and by name keys.

Why dicts of tuples: a text is matched by looking up the words at each position (at most
:data:`~.tokens.MAX_NAME_WORDS` lengths), so linking costs the same for ten authorities or ten
thousand, and grows linearly with the text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace

from sourcebook.core.cjk import CJK_RUN

from .context import description_words, office_words
from .forms import Forms, forms_of
from .tokens import run_key, words_of

PERSON, ORGANIZATION, PLACE = "person", "organization", "place"
KINDS = (PERSON, ORGANIZATION, PLACE)
FULL, SHORT, SURNAME = "full", "short", "surname"
# Whole names in CJK characters looked for inside longer runs (:func:`.finder.run_matches`): of
# two characters and more (one is a surname, or a word), and never longer than a name.
RUN_NAME_LENGTHS = range(2, 17)


@dataclass(frozen=True)
class Entry:
    """One authority as the linker sees it.

    ``scopes`` are the collections (volumes) whose own index lists it: a document of such a
    collection prefers it over a namesake listed elsewhere.
    """

    key: str
    kind: str
    name: str
    variants: tuple[str, ...] = ()
    description: str = ""
    dates: str = ""
    scopes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Prepared:
    """What the gazetteer works out of one entry before filing it: its forms and the words of
    its description and offices. Kept between builds (see :func:`build`)."""

    forms: Forms
    described: frozenset[str]
    offices: frozenset[str]


def prepare(entry: Entry) -> Prepared:
    if entry.kind not in KINDS:
        raise ValueError(f"unknown kind {entry.kind!r} (kinds: {', '.join(KINDS)})")
    forms = forms_of(entry.name, tuple(entry.variants), entry.kind == PERSON)
    words = description_words(words_of(entry.description))
    titles = frozenset(forms.titles)
    return Prepared(forms, frozenset(words) | titles, office_words(words) | titles)


@dataclass
class Gazetteer:
    entries: dict[str, Entry] = field(default_factory=dict)
    words: dict[tuple[str, ...], dict[str, str]] = field(default_factory=dict)  # form -> key: kind
    keys: dict[tuple[str, ...], set[str]] = field(default_factory=dict)  # name keys -> keys
    described: dict[str, frozenset[str]] = field(default_factory=dict)  # key -> description words
    offices: dict[str, frozenset[str]] = field(default_factory=dict)  # key -> office words
    name_words: set[str] = field(default_factory=set)  # words of whole names (given names)
    # First word of every form and first key of every key phrase: a text position whose word
    # starts none is passed over without a lookup per length (most words of a text).
    word_starts: set[str] = field(default_factory=set)
    key_starts: set[str] = field(default_factory=set)
    longest_words: int = 0
    longest_keys: int = 0
    # Whole names written in CJK characters (:func:`.tokens.run_key` of them) -> key: FULL.
    runs: dict[str, dict[str, str]] = field(default_factory=dict)
    run_lengths: set[int] = field(default_factory=set)
    run_heads: set[str] = field(default_factory=set)  # their first two characters

    def add(self, entry: Entry, prepared: Prepared | None = None) -> None:
        """File ``entry`` (``prepared``: :func:`prepare` of it, worked out already)."""
        prepared = prepared or prepare(entry)
        self.entries[entry.key] = entry
        forms = prepared.forms
        for kind, group in ((SURNAME, forms.surnames), (SHORT, forms.short), (FULL, forms.full)):
            for form in group:  # a full form outranks the same words as a surname or short form
                self.words.setdefault(form, {})[entry.key] = kind
                if form:
                    self.word_starts.add(form[0])
                self.longest_words = max(self.longest_words, len(form))
                if kind != SURNAME:
                    self.name_words.update(w for w in form if len(w) > 1)
        for chars in _cjk_names(forms.full):
            self.runs.setdefault(chars, {})[entry.key] = FULL
            self.run_lengths.add(len(chars))
            self.run_heads.add(chars[:2])
        for phrase in forms.phrases:
            self.keys.setdefault(phrase, set()).add(entry.key)
            if phrase:
                self.key_starts.add(phrase[0])
            self.longest_keys = max(self.longest_keys, len(phrase))
        self.described[entry.key] = prepared.described
        self.offices[entry.key] = prepared.offices

    def extended(self, entries) -> Gazetteer:
        """A new gazetteer of this one's entries and ``entries`` (new keys); this one is left as
        it was (its holders may still be using it).

        Why: a document that proposes candidate authorities is linked again with them, and
        reading and filing every authority again for that took 0.7 s a document in an archive
        of 20,000 persons; copying this one's dicts takes a few milliseconds. The inner dicts
        and sets the new entries touch are copied before they are changed.
        """
        new = replace(
            self,
            entries=dict(self.entries),
            words=dict(self.words),
            keys=dict(self.keys),
            described=dict(self.described),
            offices=dict(self.offices),
            name_words=set(self.name_words),
            word_starts=set(self.word_starts),
            key_starts=set(self.key_starts),
            runs=dict(self.runs),
            run_lengths=set(self.run_lengths),
            run_heads=set(self.run_heads),
        )
        for entry in entries:
            if entry.key in new.entries:
                raise ValueError(f"{entry.key} is in the gazetteer already")
            prepared = prepare(entry)
            forms = prepared.forms
            for form in (*forms.surnames, *forms.short, *forms.full):
                if form in new.words:
                    new.words[form] = dict(new.words[form])
            for phrase in forms.phrases:
                if phrase in new.keys:
                    new.keys[phrase] = set(new.keys[phrase])
            for chars in _cjk_names(forms.full):
                if chars in new.runs:
                    new.runs[chars] = dict(new.runs[chars])
            new.add(entry, prepared)
        return new


def _cjk_names(full_forms) -> list[str]:
    """The whole forms written as one run of CJK characters, as :func:`.tokens.run_key` gives
    them (a form's words are folded: Hangul decomposed, which run_key composes again)."""
    out = []
    for form in full_forms:
        if len(form) == 1 and CJK_RUN.fullmatch(form[0]):
            chars = run_key(unicodedata.normalize("NFC", form[0]))
            if len(chars) in RUN_NAME_LENGTHS:
                out.append(chars)
    return out


def build(entries, kept: dict[Entry, Prepared] | None = None) -> Gazetteer:
    """A gazetteer of these :class:`Entry` objects (a key given twice: the last one counts).

    ``kept``: entries prepared by an earlier build, reused; the entries it lacks are prepared
    and added to it. Why: an archive's gazetteer is built again whenever any authority changes
    (an ingest that adds a volume's persons, an editor's edit), and preparing every entry is
    nearly all of a build: 3 s for 20,000 persons, where filing them takes a tenth of that.
    """
    gazetteer = Gazetteer()
    kept = {} if kept is None else kept
    for entry in entries:
        prepared = kept.get(entry)
        if prepared is None:
            prepared = kept[entry] = prepare(entry)
        gazetteer.add(entry, prepared)
    return gazetteer
