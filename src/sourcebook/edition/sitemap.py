"""sitemap.xml of the edition: the home page and every indexed page, on its base URL.

Written from the files of the edition rather than by the live site's sitemap view, which lists
documents only; the edition also has authority and collection pages worth finding. The sitemaps
protocol wants absolute URLs, so they start with the edition's ``--base-url``; past 50,000 URLs
(the protocol's limit per file) sitemap.xml is an index of ``sitemap-N.xml`` files.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from lxml import etree

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
LIMIT = 50_000


def write(site: Path, base_url: str, files: list[str]) -> None:
    """``files`` are the edition's pages (``documents/1/index.html``); each is listed by its
    folder's URL, which every static host serves."""
    urls = [f"{base_url}/{quote(f.removesuffix('index.html'))}" for f in ["index.html", *files]]
    if len(urls) <= LIMIT:
        _write(site / "sitemap.xml", "urlset", "url", urls)
        return
    names = []
    for number, start in enumerate(range(0, len(urls), LIMIT), 1):
        names.append(f"sitemap-{number}.xml")
        _write(site / names[-1], "urlset", "url", urls[start : start + LIMIT])
    _write(site / "sitemap.xml", "sitemapindex", "sitemap", [f"{base_url}/{n}" for n in names])


def _write(path: Path, root_tag: str, entry_tag: str, locations: list[str]) -> None:
    root = etree.Element(f"{{{NS}}}{root_tag}", nsmap={None: NS})
    for location in locations:
        entry = etree.SubElement(root, f"{{{NS}}}{entry_tag}")
        etree.SubElement(entry, f"{{{NS}}}loc").text = location
    path.write_bytes(
        etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    )
