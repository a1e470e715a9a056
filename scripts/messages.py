"""Bring the interface catalogs up to date: ``python scripts/messages.py``.

Finds every translatable string in the package's templates and Python files, rewrites
``src/sourcebook/locale/<lang>/LC_MESSAGES/django.po`` with them (translations kept, new ones
empty, translations of gone ones kept at the end), compiles each ``django.mo`` beside it, and
lists what still needs a translation. ``--check`` changes nothing and exits 1 when a catalog is behind. Needs no GNU
gettext (see sourcebook.web.catalogs).
"""

from __future__ import annotations

import os
import sys
import tempfile


def main(argv: list[str]) -> int:
    os.environ.setdefault("SOURCEBOOK_HOME", tempfile.mkdtemp(prefix="sourcebook-messages-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")
    import django

    django.setup()
    from sourcebook.web import catalogs

    found = catalogs.messages()
    behind = 0
    for folder in catalogs.CATALOG_LANGUAGES:
        if "--check" not in argv:
            catalogs.update(folder, found)
        missing = catalogs.untranslated(folder, found)
        behind += len(missing)
        print(f"{folder}: {len(found) - len(missing)}/{len(found)} translated")
        for msgid in missing:
            print(f"  missing: {msgid!r}")
    return 1 if behind and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
