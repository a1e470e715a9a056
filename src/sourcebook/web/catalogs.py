"""The interface's translatable strings, found in the package, and its catalogs kept in step.

Why not ``makemessages``: it needs GNU ``xgettext``, often missing. Templates go through
Django's own ``templatize`` (what ``makemessages`` feeds to xgettext) and the result, like our
Python files, is read with :mod:`tokenize`: every ``gettext``/``pgettext``/``ngettext`` call
with literal strings is a message. ``scripts/messages.py`` updates the ``.po`` files and
compiles the ``.mo`` files from this; the tests check that no message lacks a translation.
"""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

from django.utils.translation.template import templatize

from sourcebook.core.gettext_files import Entry, compile_mo, parse_po, write_po

PACKAGE = Path(__file__).resolve().parents[1]
LOCALE = PACKAGE / "locale"
# Interface languages with a catalog (English is the source language).
CATALOG_LANGUAGES = {"zh_Hans": "zh-hans", "ko": "ko", "ru": "ru", "de": "de"}
PLURAL_FORMS = {
    "zh_Hans": "nplurals=1; plural=0;",
    "ko": "nplurals=1; plural=0;",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "de": "nplurals=2; plural=(n != 1);",
}
FUNCTIONS = {
    # name: (has context, has plural)
    "gettext": (False, False),
    "gettext_lazy": (False, False),
    "_": (False, False),
    "pgettext": (True, False),
    "pgettext_lazy": (True, False),
    "ngettext": (False, True),
    "ngettext_lazy": (False, True),
    "npgettext": (True, True),
    "npgettext_lazy": (True, True),
}


def template_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("templates/**/*.html") if "admin" not in p.parts)


def python_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def messages() -> dict[tuple[str | None, str], Entry]:
    """Every message of the interface, keyed by (context, msgid), with where it occurs."""
    found: dict[tuple[str | None, str], Entry] = {}
    for path in template_files():
        # templatize keeps the template's indentation, which tokenize would take for Python's.
        lines = templatize(path.read_text(encoding="utf-8")).splitlines()
        _collect("\n".join(line.lstrip() for line in lines), path, found)
    for path in python_files():
        text = path.read_text(encoding="utf-8")
        if "gettext" in text:
            _collect(text, path, found)
    return found


def _collect(source: str, path: Path, found: dict) -> None:
    where = f"#: {path.relative_to(PACKAGE)}"
    for context, msgid, plural in calls(source):
        entry = found.setdefault(
            (context, msgid), Entry(msgid=msgid, msgid_plural=plural, msgctxt=context)
        )
        if where not in entry.comments:
            entry.comments.append(where)


def calls(source: str) -> list[tuple[str | None, str, str]]:
    """(context, msgid, plural) of each gettext call whose arguments start with literals.

    A source tokenize cannot read raises: a file skipped in silence would hide its strings."""
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(source).readline)
        if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)
    ]
    out = []
    for i, tok in enumerate(tokens[:-2]):
        if tok.type != tokenize.NAME or tok.string not in FUNCTIONS:
            continue
        if tokens[i + 1].string != "(" or (i and tokens[i - 1].string in (".", "def")):
            continue
        has_context, has_plural = FUNCTIONS[tok.string]
        strings = _literal_args(tokens, i + 2, 1 + has_context + has_plural)
        if strings is None:
            continue
        context = strings.pop(0) if has_context else None
        out.append((context, strings[0], strings[1] if has_plural else ""))
    return out


def _literal_args(tokens, start: int, wanted: int) -> list[str] | None:
    """The first ``wanted`` arguments when each is a string literal (adjacent ones joined)."""
    import ast

    args, pieces, j = [], [], start
    while j < len(tokens) and len(args) < wanted:
        tok = tokens[j]
        if tok.type == tokenize.STRING and not tok.string.lower().startswith(("f", "rf", "fr")):
            pieces.append(ast.literal_eval(tok.string))
        elif tok.string in (",", ")") and pieces:
            args.append("".join(pieces))
            pieces = []
            if tok.string == ")":
                break
        else:
            return None
        j += 1
    return args if len(args) == wanted else None


def po_path(folder: str) -> Path:
    return LOCALE / folder / "LC_MESSAGES" / "django.po"


def read_catalog(folder: str) -> dict[tuple[str | None, str], Entry]:
    path = po_path(folder)
    if not path.exists():
        return {}
    return {e.key: e for e in parse_po(path.read_text(encoding="utf-8")) if e.msgid}


def untranslated(folder: str, found: dict | None = None) -> list[str]:
    """Messages of the interface with no usable translation in ``folder``'s catalog."""
    catalog = read_catalog(folder)
    found = messages() if found is None else found
    missing = []
    for key, entry in found.items():
        have = catalog.get(key)
        if (
            have is None
            or not have.translated
            or bool(have.msgid_plural) != bool(entry.msgid_plural)
        ):
            missing.append(entry.msgid if key[0] is None else f"{key[0]}|{entry.msgid}")
    return sorted(missing)


def update(folder: str, found: dict) -> None:
    """Rewrite ``folder``'s ``.po`` with exactly the interface's messages (translations kept,
    new ones empty) and compile its ``.mo`` beside it."""
    catalog = read_catalog(folder)
    entries = [_header(folder)]
    for key in sorted(found, key=lambda k: (k[1], k[0] or "")):
        new = found[key]
        old = catalog.get(key)
        forms = len(old.msgstr) if old else (_plurals(folder) if new.msgid_plural else 1)
        entries.append(
            Entry(
                msgid=new.msgid,
                msgid_plural=new.msgid_plural,
                msgctxt=new.msgctxt,
                msgstr=list(old.msgstr) if old else [""] * forms,
                flags=set(old.flags) if old else set(),
                comments=list(new.comments),
            )
        )
    # Translations of strings no template uses (yet, or any more) are kept at the end: another
    # branch may bring the strings, and a translation is work worth keeping.
    for key in sorted(set(catalog) - set(found), key=lambda k: (k[1], k[0] or "")):
        if catalog[key].translated:
            kept = catalog[key]
            entries.append(
                Entry(
                    msgid=kept.msgid,
                    msgid_plural=kept.msgid_plural,
                    msgctxt=kept.msgctxt,
                    msgstr=list(kept.msgstr),
                    comments=["#. not used in this tree"],
                )
            )
    path = po_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(write_po(entries), encoding="utf-8")
    path.with_suffix(".mo").write_bytes(compile_mo(entries))


def compiled(folder: str) -> bytes:
    """The ``.mo`` bytes the ``.po`` of ``folder`` compiles to."""
    return compile_mo(parse_po(po_path(folder).read_text(encoding="utf-8")))


def _plurals(folder: str) -> int:
    return int(PLURAL_FORMS[folder].split(";")[0].split("=")[1])


def _header(folder: str) -> Entry:
    text = (
        "Project-Id-Version: sourcebook\n"
        f"Language: {folder}\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        f"Plural-Forms: {PLURAL_FORMS[folder]}\n"
    )
    return Entry(msgid="", msgstr=[text])
