"""The answers of each route in the OpenAPI schema: ``openapi_extra=answers(Model, 404)``.

Why not ``response=``: see :mod:`.schemas` (a model there describes an answer, never filters
it). The models named here become the schema's ``components``; the errors a route can give are
listed with :class:`~.schemas.Problem` (410 with :class:`~.schemas.Tombstone`), so a client
generated from the schema knows every status it may meet.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from . import schemas

REF = "#/components/schemas/{model}"
_USED: dict[str, type[BaseModel]] = {}
_WHY = {
    400: "A bad parameter: one line saying which and why",
    404: "No such item (or a draft, for readers)",
    410: "Withdrawn: the tombstone",
}


def _ref(model: type[BaseModel]) -> dict:
    _USED[model.__name__] = model
    return {"$ref": REF.format(model=model.__name__)}


def _json(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def answers(
    ok: type[BaseModel], *errors: int, many: bool = False, why: str = "OK", gone: str = ""
) -> dict:
    """``openapi_extra`` for a route answering ``ok`` (a list of them when ``many``) or one of
    ``errors`` (400, 404, 410). ``gone``: what a 410 means when it is no withdrawn record (its
    body is then a :class:`~.schemas.Problem`)."""
    body = {"type": "array", "items": _ref(ok)} if many else _ref(ok)
    out: dict[str, Any] = {"200": {"description": why, **_json(body)}}
    for status in errors:
        model = schemas.Tombstone if status == 410 and not gone else schemas.Problem
        text = gone if status == 410 and gone else _WHY[status]
        out[str(status)] = {"description": text, **_json(_ref(model))}
    return {"responses": out}


def components() -> dict[str, dict]:
    """The JSON Schema of every model a route named, and of the models they hold."""
    if not _USED:
        return {}
    pairs = [(m, "serialization") for m in _USED.values()]
    _, defs = models_json_schema(pairs, ref_template=REF)
    return defs.get("$defs", {})
