"""The name keys of every name the authority lists search, in an indexed table, so a name search
(``/persons/?q=Kim``) reads the names that share the query's keys, not every name.

Why: a name's keys (:func:`sourcebook.core.names.name_phrases`: romanizations, scripts) come
from Python, so SQL cannot compute them; the list used to key every agent's, place's, variant's
and source id's name on each search (361 ms on SQLite with 30,000 persons, whatever the query).
:class:`~.models.NameKey` holds each name's distinct keys; :func:`having_keys` selects the names
holding every key of one of the query's phrases (a superset of the matches: a phrase inside a
name's phrase has all its keys there), and the list checks order and adjacency in Python
(:func:`sourcebook.authorities.listing.matching_ids`) on those only.

Kept in sync as :mod:`.keyindex` is: every ``save()`` of an agent, place, variant or source id
goes through :func:`on_save`; ``bulk_create`` sends no signal, so its callers call
:func:`index` (the volume ingest, the authority file import, the linker's candidates); deletes
cascade. Rows name the name row, not the authority: merges and splits move variants and source
ids with ``update()`` and need nothing here. Existing archives got their keys from the data
migration ``authorities 0004`` (through :func:`keys_of`); a change to how keys are made needs
such a migration too (``authorities 0006`` added the word keys of inverted names).

Names of persons and organizations listed surname first ("Rusk, Dean") also hold the words of
their natural order (:func:`sourcebook.core.name_order.natural_forms`) as word keys (``w:dean
w:rusk``): a query of two words or more is looked up by its words too, so "Dean Rusk" finds
him. Names in natural order need none (the list's substring test finds them), nor do places
("Washington, D.C." is not inverted): a few keys per inverted name, none for the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from django.db.models import Count, Model, Q

from sourcebook.archive import chunks
from sourcebook.archive.models import Agent, NameVariant, Place
from sourcebook.core import names as name_keys
from sourcebook.core.name_order import natural_forms, words

from .keyindex import stored  # a long key (a long Cyrillic word, romanized) as a digest
from .models import NameKey, SourceId

LONGEST_NAME = 200  # longer names (and queries) have no keys: the lists never matched them

# The NameKey column that holds the keys of each kind of name row.
COLUMN = {Agent: "agent", Place: "place", NameVariant: "variant", SourceId: "sid"}


WORD = "w:"  # a word key: one word of an inverted name's natural order


@lru_cache(maxsize=100_000)
def phrases(name: str, natural: bool = False) -> tuple[str, ...]:
    """The key phrases of ``name`` (space-separated keys), none for a name too long;
    ``natural`` (an agent's name): and the word phrases of its natural order, if inverted."""
    if len(name) > LONGEST_NAME:
        return ()
    found = list(name_keys.name_phrases(name))
    if natural:
        found += [_word_phrase(form) for form in natural_forms(name)]
    return tuple(dict.fromkeys(p for p in found if p))


@lru_cache(maxsize=10_000)
def query_phrases(q: str, natural: bool = False) -> tuple[str, ...]:
    """The key phrases a query looks for; ``natural`` (agents): and its words in the order
    typed, when two or more, which an inverted name's natural order may hold. Why not for one
    word: the list's substring test finds a name holding it already."""
    found = phrases(q, natural)
    if natural and len(q) <= LONGEST_NAME and len(words(q)) > 1:
        found += (_word_phrase(q),)
    return tuple(dict.fromkeys(found))


def _word_phrase(text: str) -> str:
    return " ".join(WORD + w for w in words(text))


def keys_of(name: str, natural: bool = False) -> set[str]:
    """The stored keys of ``name`` (pure: the data migrations use it too); ``natural``: the
    name is an agent's, a variant of an agent or a source id (not a place's)."""
    return {stored(k) for phrase in phrases(name, natural) for k in phrase.split()}


def index(rows: Iterable[Model], fresh: bool = False) -> None:
    """(Re)write the keys of these agents, places, variants or source ids (their ``name``);
    ``fresh``: they have none yet (just created). Rows need their ``pk`` (``bulk_create`` sets
    it on SQLite and PostgreSQL)."""
    rows = list(rows)
    for model in {type(r) for r in rows}:
        column = f"{COLUMN[model]}_id"
        mine = [r for r in rows if type(r) is model]
        if not fresh:
            for part in chunks.parts([r.pk for r in mine]):
                NameKey.objects.filter(**{f"{column}__in": part}).delete()
        NameKey.objects.bulk_create(
            [
                NameKey(key=k, **{column: r.pk})
                for r in mine
                for k in sorted(keys_of(r.name, natural=of_agent(r)))
            ],
            batch_size=1000,
        )


def of_agent(row: Model) -> bool:
    """Whether ``row``'s name is a person's or an organization's (its natural order counts)."""
    return not isinstance(row, Place) and getattr(row, "place_id", None) is None


def on_save(sender, instance: Model, update_fields=None, **kwargs) -> None:
    """post_save of an agent, place, variant or source id: its name may have changed (a save
    of other fields only, as merges move variants, leaves the keys as they are)."""
    if update_fields is not None and "name" not in update_fields:
        return
    index([instance])


def having_keys(model: type[Model], wanted: Iterable[str]) -> Q:
    """Rows of ``model`` (a key of :data:`COLUMN`) whose name has every key of one of the
    ``wanted`` phrases: one indexed lookup and ``GROUP BY`` per phrase, no name read."""
    column = COLUMN[model]
    found = Q(pk__in=[])
    for phrase in wanted:
        keys = {stored(k) for k in phrase.split()}
        names = (
            NameKey.objects.filter(key__in=sorted(keys), **{f"{column}__isnull": False})
            .values(column)
            .annotate(n=Count("id"))
            .filter(n=len(keys))
            .values(column)
        )
        found |= Q(pk__in=names)
    return found
