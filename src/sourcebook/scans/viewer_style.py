"""The CSP hash of the viewer's one inline style, apart from the views.

Why its own module: the app's ``ready()`` needs the hash for the document page, and importing
it from :mod:`.views` pulled in iiif-prezi3 (0.45 s) at the start of every command.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path


def _viewer_style_hash() -> str:
    """The CSP hash of the one inline <style> OpenSeadragon adds (a focus outline rule for touch
    screens): allowed on the viewer page only, instead of 'unsafe-inline'."""
    script = Path(__file__).parent / "static/scans/openseadragon/openseadragon.min.js"
    match = re.search(
        r'data-openseadragon-mobile-css","true"\);\w+\.textContent="([^"]*)"', script.read_text()
    )
    if match is None:
        return "'none'"
    digest = hashlib.sha256(match.group(1).encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


VIEWER_STYLE = _viewer_style_hash()
