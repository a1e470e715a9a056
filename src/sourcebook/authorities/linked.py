"""The authorities a document links, for its record JSON (``persons``, ``organizations``,
``places``).

Why here and not in the record: links are kept beside the document (``DocumentAgent``,
``DocumentPlace``) so editors' decisions and the linker never make a new version of the text.
Rejected links are never listed; candidates only for editors (``editor=True``), so the public
JSON says nothing a reviewer has not accepted.
"""

from __future__ import annotations

from collections import defaultdict

from sourcebook.archive.models import DocumentAgent, DocumentPlace

from .kinds import ORGANIZATION, PERSON, PLACE
from .models import SourceId


def links_json(doc, editor: bool = False) -> dict[str, list[dict]]:
    """``{"persons": [...], "organizations": [...], "places": [...]}``, each entry
    ``{id, name, link, confidence, roles, source_ids, mentions}``, in order of first mention."""
    states = (*DocumentAgent.SHOWN, DocumentAgent.CANDIDATE) if editor else DocumentAgent.SHOWN
    agent_rows = list(
        DocumentAgent.objects.filter(document=doc, link__in=states).select_related("agent")
    )
    place_rows = list(
        DocumentPlace.objects.filter(document=doc, link__in=states).select_related("place")
    )
    source_ids: dict[int, list[str]] = defaultdict(list)
    for agent_id, volume, xml_id in SourceId.objects.filter(
        agent_id__in={r.agent_id for r in agent_rows}
    ).values_list("agent_id", "volume", "xml_id"):
        source_ids[agent_id].append(f"{volume}#{xml_id}")
    out: dict[str, dict[int, dict]] = {k.plural: {} for k in (PERSON, ORGANIZATION, PLACE)}
    for row in agent_rows:
        kind = ORGANIZATION if row.agent.kind == ORGANIZATION.name else PERSON
        _merge(out[kind.plural], row.agent, row, row.role, source_ids[row.agent_id])
    for row in place_rows:
        _merge(out[PLACE.plural], row.place, row, "", [])
    return {key: sorted(entries.values(), key=_first_mention) for key, entries in out.items()}


_RANK = {"confirmed": 0, "encoded": 1, "automatic": 2, "candidate": 3}


def _merge(entries: dict[int, dict], authority, row, role: str, source_ids: list[str]) -> None:
    """One entry per authority: a person linked as sender and as mentioned is listed once,
    with both roles, the surest link state and every mention."""
    entry = entries.setdefault(
        authority.pk,
        {
            "id": authority.slug,
            "name": authority.name,
            "link": row.link,
            "confidence": row.confidence,
            "roles": [],
            "source_ids": sorted(source_ids),
            "mentions": [],
        },
    )
    if _RANK.get(row.link, 9) < _RANK.get(entry["link"], 9):
        entry["link"] = row.link
    entry["confidence"] = max(entry["confidence"], row.confidence)
    if role and role not in entry["roles"]:
        entry["roles"].append(role)
    seen = {(m["text"], m["start"]) for m in entry["mentions"]}
    for m in row.mentions or []:
        if isinstance(m, dict) and (m.get("text"), m.get("start")) not in seen:
            entry["mentions"].append({k: m.get(k) for k in ("text", "start", "end", "surface")})
            seen.add((m.get("text"), m.get("start")))
    entry["mentions"].sort(key=lambda m: (m["text"] or 0, m["start"] or 0))


def _first_mention(entry: dict) -> tuple:
    first = entry["mentions"][0] if entry["mentions"] else None
    return (first is None, first and (first["text"] or 0, first["start"] or 0), entry["name"])
