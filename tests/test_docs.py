"""Docs cannot drift: every command, setting and route must be documented in docs/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "docs").glob("*.md")))


def _commands():
    from sourcebook.cli import main

    return sorted(main.commands)


@pytest.mark.parametrize("command", _commands())
def test_every_cli_command_is_documented(command):
    assert f"sourcebook {command}" in DOCS, f"`sourcebook {command}` is not in docs/"


def _settings():
    names = set()
    for path in (REPO / "src" / "sourcebook").rglob("*.py"):
        names.update(re.findall(r'os\.environ(?:\.get)?\(\s*"([A-Z][A-Z0-9_]+)"', path.read_text()))
        names.update(re.findall(r'os\.environ\["([A-Z][A-Z0-9_]+)"\]', path.read_text()))
        # settings.py reads numbers and sizes through helpers that name the variable
        names.update(
            re.findall(r'_(?:number\(\w+,|size\()\s*"([A-Z][A-Z0-9_]+)"', path.read_text())
        )
    names -= {"DJANGO_SETTINGS_MODULE", "SOURCEBOOK_TEST_HOME", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return sorted(names)


@pytest.mark.parametrize("setting", _settings())
def test_every_setting_is_documented(setting):
    assert f"`{setting}`" in DOCS, f"setting {setting} is not in docs/"


def _routes():
    from tests.support.routes import all_routes

    return all_routes()


def _doc_form(route: str) -> str:
    """``/documents/<str:public_id>/`` → ``/documents/<id>/``; regexes to their literal parts."""
    route = route.replace("^", "").replace("$", "")
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: "<" + m.group(1) + ">", route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", route)
    route = route.replace("<public_id>", "<id>").replace("<extension>", "<ext>")
    route = route.replace("\\.", ".")
    return route.rstrip("/") if route != "/" else route


@pytest.mark.parametrize("route", _routes())
def test_every_route_is_documented(route):
    assert f"`{_doc_form(route)}" in DOCS, f"route {route} ({_doc_form(route)}) is not in docs/"
