"""Print ``{id: show --json output}`` (and source byte hashes) for every document of the configured database (one
process instead of one ``sourcebook show --json`` per document; the same function)."""

import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")

from sourcebook import runtime  # noqa: E402

runtime.setup(migrate=False)

import hashlib  # noqa: E402

from sourcebook.archive.models import Source  # noqa: E402
from sourcebook.archive.serialize import document_json, document_queryset  # noqa: E402

documents = {doc.public_id: document_json(doc) for doc in document_queryset().order_by("id")}
# The sha256 of each stored source's bytes as read back, and the sha256 recorded at ingest.
sources = sorted(
    [hashlib.sha256(source.content()).hexdigest(), source.sha256] for source in Source.objects.all()
)
print(json.dumps({"documents": documents, "sources": sources}, ensure_ascii=False, default=str))
