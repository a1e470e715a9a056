"""The column of a link's mentions, stored compact (:mod:`sourcebook.core.linking.stored`).

Why a field: every reader (document pages, the API, a person's mentions in context, the
review queue, serializers) keeps getting the list of mention dicts, and every writer
(``save``, ``bulk_create``, :func:`~sourcebook.archive.bulk.insert_many`, lookups such as
``mentions=[]``) stores the compact form without knowing of it. JSON is written without the
spaces and ``\\uXXXX`` escapes of Python's default (on SQLite that is the stored text; on
PostgreSQL ``jsonb`` is binary either way).
"""

from __future__ import annotations

import json

from django.db import models
from django.db.models.fields.json import KeyTransform

from sourcebook.core.linking import stored


class CompactJSONEncoder(json.JSONEncoder):
    """``json.dumps`` passes its own defaults to the encoder; these win over them."""

    def __init__(self, **kwargs):
        kwargs.update(separators=(",", ":"), ensure_ascii=False)
        super().__init__(**kwargs)


class MentionsField(models.JSONField):
    description = "A link's mentions, stored compact"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("encoder", CompactJSONEncoder)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("encoder", None)
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        value = super().from_db_value(value, expression, connection)
        if isinstance(expression, KeyTransform) or not isinstance(value, list):
            return value  # a path into the stored form, or not a list of mentions
        return stored.expand(value)

    def get_prep_value(self, value):
        return super().get_prep_value(stored.compact(value) if isinstance(value, list) else value)


def column_json(mentions) -> str:
    """The JSON a mentions column holds for the linker's mentions (objects with ``text``,
    ``start`` and ``surface``), as the field writes it, for bulk writers that give
    :func:`~sourcebook.archive.bulk.insert_values` prepared values. Why: a batch's link rows
    are tens of thousands, and a dict per mention checked and packed again by the field cost
    more than the rest of writing them."""
    return json.dumps(
        stored.packed((m.text, m.start, m.surface) for m in mentions), cls=CompactJSONEncoder
    )
