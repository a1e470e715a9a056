"""The archive's authority file out (CSV or JSON) and a curated CSV in.

Import creates or updates persons, organizations and places by slug; what it changes becomes
``protected`` (a later volume ingest leaves it and queues the source's value for review, as for
an editor's edit). It adds variants but removes nothing, and an empty cell changes nothing.
The whole file is checked first (:mod:`sourcebook.core.authority_file`); one bad row and
nothing is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from sourcebook.archive.models import Agent, IndexEvent, NameVariant, Place
from sourcebook.audit.log import record as audit
from sourcebook.core import authority_file as core

from . import namesearch
from .hooks import _unique_slug
from .merge import resolve_slug, taken_place_slugs, taken_slugs
from .review import NOT_REJECTED

EXTERNAL = ("wikidata", "viaf", "lcnaf")


def _entries():
    """Every authority as a plain dict, agents then places, by slug (linear: two prefetches).
    A proposed person an editor rejected is nobody: it is left out."""
    agents = Agent.objects.filter(NOT_REJECTED).order_by("slug")
    agents = agents.prefetch_related("variants", "source_ids")
    for agent in agents:
        yield _entry(agent, agent.kind, [f"{s.volume}#{s.xml_id}" for s in agent.source_ids.all()])
    for place in Place.objects.order_by("slug").prefetch_related("variants"):
        yield _entry(place, "place", [])


def _entry(obj, kind: str, source_ids: list[str]) -> dict:
    return {
        "id": obj.slug,
        "name": obj.name,
        "kind": kind,
        "description": obj.description,
        "variants": [v.name for v in obj.variants.all()],
        **{k: getattr(obj, k) for k in EXTERNAL},
        "source_ids": source_ids,
    }


def export(fmt: str) -> str:
    """The authority file as ``csv`` or ``json``."""
    rows = list(_entries())
    if fmt == "csv":
        return core.write_csv(rows)
    return json.dumps({"authorities": rows}, ensure_ascii=False, indent=1) + "\n"


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def import_csv(data: bytes, filename: str, actor: str = "system") -> ImportResult:
    """Check the file, then apply every row in one transaction (or none when any row is bad)."""
    rows, errors = core.read_csv(data, filename)
    if not errors:
        errors = _check_against_archive(rows, filename)
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    slugs = _Slugs()
    with transaction.atomic():
        for row in rows:
            _apply(row, actor, result, slugs)
    return result


class _Slugs:
    """The slugs an import may not give, read once per kind and kept as rows take new ones.

    Why: reading every slug of the archive again for each new row made an import quadratic (a
    file of 20,000 persons took five minutes, most of it in that read). The slug columns are
    unique, so a slug another process takes meanwhile fails the import whole, as before.
    """

    def __init__(self) -> None:
        self._taken: dict[type, set[str]] = {}
        self._counters: dict[type, dict[str, int]] = {}

    def new(self, model, wanted: str, name: str) -> str:
        """``wanted`` (the row's id) when free, else one made from ``name``."""
        taken = self._taken.get(model)
        if taken is None:
            taken = self._taken[model] = taken_slugs() if model is Agent else taken_place_slugs()
        if wanted and wanted not in taken:
            taken.add(wanted)
            return wanted
        return _unique_slug(slugify(name), taken, self._counters.setdefault(model, {}))


def _model(kind: str):
    return Place if kind == "place" else Agent


def _find(row: core.Row):
    """The existing authority a row names (through a redirect for a merged-away slug)."""
    if not row.id:
        return None
    models = [_model(row.kind)] if row.kind else [Agent, Place]
    for model in models:
        found = model.objects.filter(slug=row.id).first()
        if found is None and model is Agent:
            target = resolve_slug(Agent.PERSON, row.id) or resolve_slug(Agent.ORGANIZATION, row.id)
            found = model.objects.filter(slug=target).first() if target else None
        if found is not None:
            return found
    return None


def _kind_of(obj) -> str:
    return obj.kind if isinstance(obj, Agent) else "place"


def _check_against_archive(rows: list[core.Row], filename: str) -> list[str]:
    errors = []
    for row in rows:
        found = _find(row)
        if found is not None and row.kind and _kind_of(found) != row.kind:
            errors.append(
                f"{filename}:{row.line}: {row.id!r} is a {_kind_of(found)} in the archive, "
                f"not a {row.kind}"
            )
        if found is None and not row.name:
            errors.append(
                f"{filename}:{row.line}: no authority {row.id!r}, and no name to create it"
            )
    return errors


def _apply(row: core.Row, actor: str, result: ImportResult, slugs: _Slugs) -> None:
    obj = _find(row)
    values = {"name": row.name, "description": row.description, **row.external}
    if obj is None:
        obj = _create(row, slugs)
        changed = [k for k, v in values.items() if v]
        result.created.append(obj.slug)
    else:
        changed = [k for k, v in values.items() if v and getattr(obj, k) != v]
    before = {k: getattr(obj, k) for k in changed}
    for key in changed:
        setattr(obj, key, values[key][:500] if key == "name" else values[key])
    obj.protected = sorted(set(obj.protected or []) | set(changed))
    added = _add_variants(obj, row.variants)
    if not changed and not added:
        result.unchanged += 1
        return
    obj.save()
    if obj.slug not in result.created:
        result.updated.append(obj.slug)
    audit(
        actor,
        "import_authority",
        _kind_of(obj),
        obj.slug,
        before=before,
        after={**{k: getattr(obj, k) for k in changed}, "variants_added": added},
        note=f"line {row.line}",
    )
    if isinstance(obj, Agent):
        IndexEvent.upsert_all(obj.document_links.values_list("document__public_id", flat=True))


def _create(row: core.Row, slugs: _Slugs):
    kind = row.kind or Agent.PERSON
    model = _model(kind)
    fields = {
        "slug": slugs.new(model, row.id, row.name),
        "name": row.name[:500],
        "data": {"source": "import"},
    }
    if model is Agent:
        fields["kind"] = kind
    return model.objects.create(**fields)


def _add_variants(obj, names: list[str]) -> list[str]:
    have = {obj.name, *obj.variants.values_list("name", flat=True)}
    new = [n for n in names if n not in have]
    owner = {"agent": obj} if isinstance(obj, Agent) else {"place": obj}
    made = NameVariant.objects.bulk_create(
        [NameVariant(name=n[:500], source="import", **owner) for n in new]
    )
    namesearch.index(made, fresh=True)  # bulk_create sends no post_save
    return new
