"""Raw-bytes HTTP GET (PDFs), beside tests.support.http which decodes text."""

from __future__ import annotations

import urllib.error
import urllib.request


def get_bytes(url: str) -> tuple[int, str, bytes, dict]:
    try:
        with urllib.request.urlopen(url, timeout=120) as resp:
            return (
                resp.status,
                resp.headers.get("Content-Type", ""),
                resp.read(),
                dict(resp.headers),
            )
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read(), dict(err.headers)
