"""Authorities from text: people a record text names whom no authority knows.

They become candidate authorities for review: an ``Agent`` with ``data["candidate"] = True``
(and ``proposed_from``: the documents that named them first, ``rule``: why), with the forms
the text gives as name variants (system ``text``), and candidate links to the documents that
name them (written by :mod:`.service`). Only record texts are read for them: a TEI volume
brings its own persons list. An editor accepts one by clearing the flag, or rejects it with a
``Decision(action="reject_candidate", subject=<name>)``, which stops the name being proposed
again (deleting the agent alone would not: the next run would propose it anew); an editor
writes it by rejecting the candidate (:func:`sourcebook.authorities.review.reject_candidate`)
and lifts it by restoring the candidate (``restore_candidate``).
"""

from __future__ import annotations

from django.utils.text import slugify

from sourcebook.archive.models import Agent, Document, NameVariant
from sourcebook.authorities import namesearch, review
from sourcebook.authorities.models import Redirect
from sourcebook.core import linking, names
from sourcebook.web import generation

# Candidate authorities one document may propose: a real record names a handful of people;
# a text that would propose more is a list or an attack, and is left to an editor.
MAX_PER_DOCUMENT = 50
# The token row of the decisions table (registered in LinkingConfig.ready): the refused names'
# keys are read again only after a decision was written.
REFUSALS_TOKEN = 3
_kept: tuple[object, frozenset] | None = None


def wanted(doc: Document) -> bool:
    """Record texts only (a TEI volume's persons list says who is who)."""
    return (doc.extra or {}).get("format") != "tei"


def _slug(name: str) -> str:
    base = (slugify(name) or "person")[:180]
    slug, n = base, 2
    # A merged-away slug stays taken: its URL redirects to the authority that kept its records.
    while (
        Agent.objects.filter(slug=slug).exists() or Redirect.objects.filter(old_slug=slug).exists()
    ):
        slug, n = f"{base}-{n}", n + 1
    return slug


def refused_keys() -> frozenset[tuple]:
    """:func:`~sourcebook.core.names.match_keys` of every name an editor refused.

    Why keys, kept: each proposal of every document is tested against every refused name; one
    by one (``same_name``), that cost grew with the refusals (measured in ``bench/RESULTS.md``).
    Kept by the decisions' own token, the refusals are read again only after a decision.
    """
    global _kept
    state = generation.topic_state(REFUSALS_TOKEN)
    if state is not None and _kept is not None and _kept[0] == state:
        return _kept[1]
    keys: set[tuple] = set()
    refused = review.standing_refusals().values_list("subject", flat=True)
    for name in refused.iterator():
        keys |= names.match_keys(name)
    _kept = (state, frozenset(keys))
    return _kept[1]


def _rejected(proposal: linking.Proposal, refused: frozenset[tuple]) -> bool:
    return any(
        not refused.isdisjoint(names.match_keys(x)) for x in [proposal.name, *proposal.variants]
    )


def create(
    doc: Document,
    segments: list[linking.Segment],
    result: linking.Result,
    proposals: list[linking.Proposal] | None = None,
) -> list[tuple[Agent, list[str]]]:
    """Candidate authorities for the unknown names of ``doc``; returns each one made, with its
    variant names.
    ``proposals``: ``linking.propose`` of these segments and result, worked out already."""
    if proposals is None:
        proposals = linking.propose(segments, result.mentions, doc.title)
    if not proposals:
        return []
    refused = refused_keys()
    made = []
    for p in proposals[:MAX_PER_DOCUMENT]:
        if _rejected(p, refused):
            continue
        agent = Agent.objects.create(
            slug=_slug(p.name),
            name=p.name[:500],
            kind=Agent.PERSON,
            data={"candidate": True, "proposed_from": [doc.public_id], "rule": p.rule},
        )
        variants = NameVariant.objects.bulk_create(
            [
                NameVariant(agent=agent, name=v[:500], system="text", source=doc.public_id)
                for v in p.variants
            ]
        )
        namesearch.index(variants, fresh=True)  # bulk_create sends no post_save
        made.append((agent, [v.name for v in variants]))
    return made
