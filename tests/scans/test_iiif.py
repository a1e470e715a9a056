"""IIIF: info.json, regions, sizes and formats decoded back, limits, caching, the manifest."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request

import pytest
from PIL import Image

from sourcebook.core import iiif
from tests.scans import make

LIMITS = iiif.Limits(max_width=4000, max_height=4000, max_area=16_000_000)


# --- the parameter grammar (pure) ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("full", (0, 0, 1000, 600)),
        ("square", (200, 0, 600, 600)),
        ("10,20,30,40", (10, 20, 30, 40)),
        ("900,500,300,300", (900, 500, 100, 100)),  # clipped at the edge
        ("pct:50,50,50,50", (500, 300, 500, 300)),
    ],
)
def test_region(text, expected):
    assert iiif.region(text, 1000, 600) == expected


@pytest.mark.parametrize("text", ["", "half", "1,2,3", "0,0,0,10", "1000,0,10,10", "pct:a,1,1,1"])
def test_bad_region(text):
    with pytest.raises(iiif.IIIFError):
        iiif.region(text, 1000, 600)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("max", (1000, 600)),
        ("500,", (500, 300)),
        (",300", (500, 300)),
        ("pct:10", (100, 60)),
        ("200,200", (200, 200)),
        ("!200,200", (200, 120)),
        ("^2000,", (2000, 1200)),
    ],
)
def test_size(text, expected):
    assert iiif.size(text, 1000, 600, LIMITS) == expected


def test_max_is_bounded_by_the_limits():
    small = iiif.Limits(max_width=400, max_height=400, max_area=10**9)
    assert iiif.size("max", 1000, 600, small) == (400, 240)
    with pytest.raises(iiif.IIIFError, match="over the limits"):
        iiif.size("^5000,", 1000, 600, LIMITS)
    with pytest.raises(iiif.IIIFError, match="larger than the region"):
        iiif.size("2000,", 1000, 600, LIMITS)


# --- over HTTP ----------------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db(transaction=True)


def _two_colour_page(width=1200, height=900) -> bytes:
    """Left half red, right half blue: a region's colour shows the crop is right."""
    img = Image.new("RGB", (width, height), (220, 0, 0))
    img.paste((0, 0, 220), (width // 2, 0, width, height))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def scanned(seed_doc):
    from sourcebook.scans.attaching import attach

    attach(
        seed_doc,
        [("p.png", _two_colour_page()), ("q.pdf", make.pdf(pages=2, width=700, height=1000))],
    )
    return seed_doc


def _get(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def _image(body: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(body))
    img.load()
    return img


@pytestmark_db
def test_info_json(live_server, scanned):
    status, headers, body = _get(f"{live_server.url}/iiif/image/208190/1/info.json")
    assert status == 200
    assert headers["Content-Type"].startswith("application/ld+json")
    info = json.loads(body)
    assert info["id"] == f"{live_server.url}/iiif/image/208190/1"
    assert (info["type"], info["protocol"], info["profile"]) == (
        "ImageService3",
        "http://iiif.io/api/image",
        "level1",
    )
    assert (info["width"], info["height"]) == (1200, 900)
    assert info["tiles"] == [{"width": 512, "height": 512, "scaleFactors": [1, 2, 4]}]
    assert info["sizes"][-1] == {"width": 1200, "height": 900}
    assert info["maxWidth"] == 4000 and info["maxArea"] == 12_000_000
    pdf_info = json.loads(_get(f"{live_server.url}/iiif/image/208190/3/info.json")[2])
    assert (pdf_info["width"], pdf_info["height"]) == (700, 1000)
    assert _get(f"{live_server.url}/iiif/image/208190/4/info.json")[0] == 404
    status, headers, _ = _get(f"{live_server.url}/iiif/image/208190/1")
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")  # via 303


@pytestmark_db
@pytest.mark.parametrize(
    "path, size, colour",
    [
        ("full/max/0/default.jpg", (1200, 900), None),
        ("full/600,/0/default.png", (600, 450), None),
        ("full/,300/0/default.webp", (400, 300), None),
        ("full/pct:25/0/default.jpg", (300, 225), None),
        ("0,0,600,900/100,/0/default.png", (100, 150), "red"),
        ("600,0,600,900/!50,50/0/default.png", (33, 50), "blue"),
        ("pct:0,0,50,100/max/0/default.png", (600, 900), "red"),
        ("square/200,200/0/default.jpg", (200, 200), None),
        ("0,0,600,900/150,/90/default.png", (225, 150), "red"),
        ("0,0,600,900/150,/0/gray.png", (150, 225), None),
        ("512,512,512,388/512,/0/default.jpg", (512, 388), "blue"),  # a tile at scale 1
        ("0,0,1024,900/512,/0/default.jpg", (512, 450), None),  # a tile at scale 2
    ],
)
def test_image_requests_return_the_right_size(live_server, scanned, path, size, colour):
    status, headers, body = _get(f"{live_server.url}/iiif/image/208190/1/{path}")
    assert status == 200, body
    img = _image(body)
    assert img.size == size
    assert img.format == {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}[path.rsplit(".", 1)[1]]
    if colour:
        r, g, b = img.convert("RGB").getpixel((img.width // 2, img.height // 2))
        assert (r > 150 and b < 60) if colour == "red" else (b > 150 and r < 60)
    assert headers["Cache-Control"] == "public, max-age=86400"
    assert headers["ETag"]


@pytestmark_db
@pytest.mark.parametrize(
    "path",
    [
        "full/5000,/0/default.jpg",  # over maxWidth
        "full/^4000,4000/0/default.jpg",  # over maxArea
        "full/2000,/0/default.jpg",  # larger than the region without ^
        "2000,0,10,10/max/0/default.jpg",  # outside the image
        "full/max/45/default.jpg",
        "full/max/0/bitonal.jpg",
        "full/max/0/default.gif",
        "nonsense/max/0/default.jpg",
    ],
)
def test_bad_requests_are_400(live_server, scanned, path):
    status, _, body = _get(f"{live_server.url}/iiif/image/208190/1/{path}")
    assert status == 400
    assert body.decode().count("\n") == 1


@pytestmark_db
def test_etag_and_tile_cache(live_server, scanned):
    from sourcebook.scans import storage
    from sourcebook.scans.models import Page

    page = Page.objects.select_related("scan").get(document=scanned, number=1)
    cache = storage.page_dir(page.scan.sha256, page.index) / "cache"
    before = set(cache.iterdir()) if cache.exists() else set()  # the data directory is shared
    url = f"{live_server.url}/iiif/image/208190/1/512,0,512,512/512,/0/color.jpg"
    status, headers, body = _get(url)
    assert status == 200
    assert _get(url, {"If-None-Match": headers["ETag"]})[0] == 304
    kept = set(cache.iterdir()) - before
    assert [p.read_bytes() for p in kept] == [body]  # a declared tile is kept
    _get(f"{live_server.url}/iiif/image/208190/1/3,5,77,91/50,/0/color.jpg")
    assert set(cache.iterdir()) - before == kept  # an arbitrary region is not


@pytestmark_db
def test_drafts_scans_are_hidden(live_server, scanned):
    scanned.status = scanned.DRAFT
    scanned.save()
    for path in (
        "/iiif/image/208190/1/info.json",
        "/iiif/image/208190/1/full/max/0/default.jpg",
        "/iiif/208190/manifest.json",
        "/documents/208190/scans/",
    ):
        assert _get(live_server.url + path)[0] == 404, path


@pytestmark_db
def test_manifest_loads_back_with_iiif_prezi3(live_server, scanned):
    from iiif_prezi3 import Manifest

    status, headers, body = _get(f"{live_server.url}/iiif/208190/manifest.json")
    assert status == 200
    assert "presentation/3/context.json" in headers["Content-Type"]
    data = json.loads(body)
    manifest = Manifest(**data)  # validates against the Presentation 3 model
    assert data["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert manifest.id == f"{live_server.url}/iiif/208190/manifest.json"
    assert data["type"] == "Manifest" and data["label"]["en"] == [scanned.title]
    assert data["requiredStatement"]["label"]["en"] == ["Credits"]
    assert data["requiredStatement"]["value"]["en"] == [scanned.credits]
    labels = {m["label"]["en"][0] for m in data["metadata"]}
    assert {"Date", "Archive"} <= labels
    canvases = data["items"]
    assert [(c["width"], c["height"]) for c in canvases] == [(1200, 900), (700, 1000), (700, 1000)]
    for number, canvas in enumerate(canvases, 1):
        anno = canvas["items"][0]["items"][0]
        assert anno["motivation"] == "painting" and anno["target"] == canvas["id"]
        service = anno["body"]["service"][0]
        assert service["id"] == f"{live_server.url}/iiif/image/208190/{number}"
        assert _image(_get(anno["body"]["id"])[2]).size == (canvas["width"], canvas["height"])
    see_also = {s["format"]: s["id"] for s in data["seeAlso"]}
    tei = _get(see_also["application/tei+xml"])
    assert tei[0] == 200 and b"<TEI" in tei[2]
    record = _get(see_also["application/json"])
    assert record[0] == 200 and json.loads(record[2])["id"] == "208190"


@pytestmark_db
def test_collection_is_an_iiif_collection(client, scanned):
    from iiif_prezi3 import Collection as IIIFCollection

    from sourcebook.archive import ingest
    from sourcebook.archive.models import Collection, Document
    from sourcebook.scans.attaching import attach
    from tests.conftest import SAMPLES

    parent = Collection.objects.create(slug="cables", name="Cables", description="Embassy cables")
    child = Collection.objects.create(slug="more", name="More cables", parent=parent)
    scanned.collection = parent
    scanned.save()
    for name in ("sample-khrushchev-c1957", "sample-zhou-kim-1958"):
        ingest.ingest_file(SAMPLES / f"{name}.txt")
    unscanned = Document.objects.get(public_id="sample-khrushchev-c1957")
    unscanned.collection = parent  # no scans: not in the IIIF collection
    unscanned.save()
    draft = Document.objects.get(public_id="sample-zhou-kim-1958")
    draft.collection, draft.status = child, Document.DRAFT
    draft.save()
    attach(draft, [("d.png", make.image("PNG", 100, 100))])
    data = json.loads(client.get("/iiif/collection/cables.json").content)
    IIIFCollection(**data)  # iiif-prezi3 loads it back
    assert data["type"] == "Collection" and data["label"]["en"] == ["Cables"]
    assert [(i["type"], i["id"].split("testserver")[1]) for i in data["items"]] == [
        ("Manifest", "/iiif/208190/manifest.json")
    ]  # the sub-collection's only scanned document is a draft
    draft.status = Document.PUBLISHED
    draft.save()
    data = json.loads(client.get("/iiif/collection/cables.json").content)
    assert [(i["type"], i["id"].split("testserver")[1]) for i in data["items"]] == [
        ("Collection", "/iiif/collection/more.json"),
        ("Manifest", "/iiif/208190/manifest.json"),
    ]
    assert client.get("/iiif/collection/nope.json").status_code == 404
