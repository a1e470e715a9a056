"""A text column stored packed (:mod:`sourcebook.core.packing`) and read back as ``str``.

Why a field and not a property: every reader of a document's texts (pages, exports, the
indexer, the admin's inline editor, ``values_list``) keeps getting ``str`` without knowing the
column is compressed. Texts are the largest column the archive keeps uncompressed otherwise
(a third of an SQLite file before packing). The column is binary (BLOB, ``bytea``), so it takes
no SQL text lookups: nothing filters on a body in SQL; search goes through the index.
"""

from __future__ import annotations

from django import forms
from django.db import models

from sourcebook.archive import compression


class PackedTextField(models.Field):
    description = "Text stored compressed"

    def get_internal_type(self) -> str:
        return "BinaryField"

    def from_db_value(self, value, expression, connection):
        return None if value is None else compression.unpack_text(value)

    def to_python(self, value):
        if value is None or isinstance(value, str):
            return value
        return compression.unpack_text(value)

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        return connection.Database.Binary(compression.pack_text(str(value)))

    def value_to_string(self, obj) -> str:
        return self.value_from_object(obj) or ""

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": forms.CharField, "widget": forms.Textarea, **kwargs}
        )
