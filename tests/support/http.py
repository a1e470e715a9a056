"""Plain HTTP against a live server: what a browser or harvester sees."""

from __future__ import annotations

import json
import urllib.error
import urllib.request


def get(url: str) -> tuple[int, str, str]:
    """(status, content type, body) for a GET, without raising on 4xx/5xx."""
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read().decode("utf-8", "replace")


def get_json(url: str):
    status, _, body = get(url)
    assert status == 200, (status, body[:500])
    return json.loads(body)
