"""Attaching scans: the exact bytes kept, pages counted and sized, bad input refused whole."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from PIL import Image

from sourcebook.core.errors import RecordError
from tests.conftest import SAMPLES, SEED
from tests.scans import make
from tests.support.cli import run_cli

pytestmark = pytest.mark.django_db(transaction=True)


def _attach(doc, files):
    from sourcebook.scans.attaching import attach

    return attach(doc, files)


def _rows(doc):
    from sourcebook.scans.models import Job, Page, Scan

    return (
        Scan.objects.filter(document=doc).count(),
        Page.objects.filter(document=doc).count(),
        Job.objects.filter(document=doc).count(),
    )


def test_pdf_and_images_become_numbered_pages_with_their_bytes_kept(seed_doc):
    from sourcebook.scans import storage
    from sourcebook.scans.models import Page, Scan

    pdf = make.pdf(pages=3, width=600, height=800, dpi=150)
    tiff = make.image("TIFF", 500, 700, frames=2)
    jpeg = make.image("JPEG", 640, 480)
    png = make.image("PNG", 300, 400)
    attached = _attach(seed_doc, [("a.pdf", pdf), ("b.tif", tiff), ("c.jpg", jpeg), ("d.png", png)])
    assert [a.pages for a in attached] == [3, 2, 1, 1]
    scans = list(Scan.objects.filter(document=seed_doc).order_by("position"))
    assert [s.media_type for s in scans] == [
        "application/pdf",
        "image/tiff",
        "image/jpeg",
        "image/png",
    ]
    for scan, data in zip(scans, (pdf, tiff, jpeg, png), strict=True):
        assert scan.sha256 == hashlib.sha256(data).hexdigest()
        assert storage.original(scan.sha256).read_bytes() == data
    pages = list(Page.objects.filter(document=seed_doc).order_by("number"))
    assert [p.number for p in pages] == list(range(1, 8))
    # PDF pages at SOURCEBOOK_SCAN_DPI (150): the 600 x 800 pixels drawn at 150 dpi.
    assert [(p.width, p.height) for p in pages] == [(600, 800)] * 3 + [(500, 700)] * 2 + [
        (640, 480),
        (300, 400),
    ]


def test_same_bytes_twice_change_nothing(seed_doc):
    data = make.image("PNG")
    assert _attach(seed_doc, [("a.png", data)])[0].new
    again = _attach(seed_doc, [("copy.png", data)])
    assert not again[0].new
    assert _rows(seed_doc) == (1, 1, 1)


BAD = {
    "empty": ("empty.png", lambda: b"", "empty file"),
    "corrupt pdf": ("bad.pdf", lambda: b"%PDF-1.4\n1 0 obj << >>\ngarbage", "corrupt PDF"),
    "encrypted pdf": ("secret.pdf", make.encrypted_pdf, "encrypted PDF"),
    "bomb": ("bomb.png", make.png_bomb, "SOURCEBOOK_MAX_IMAGE_PIXELS"),
    "truncated": ("cut.png", lambda: make.image("PNG")[:200], "corrupt image"),
    "not a scan": ("text.png", lambda: b"hello, world", "not a PDF, TIFF, JPEG or PNG"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_one_line_and_writes_nothing(seed_doc, case):
    name, data, message = BAD[case]
    good = ("good.pdf", make.pdf(pages=1))
    with pytest.raises(RecordError) as err:
        _attach(seed_doc, [good, (name, data())])
    line = str(err.value)
    assert message in line and "\n" not in line and line.startswith(name)
    assert _rows(seed_doc) == (0, 0, 0)


def test_too_many_pages_refused(seed_doc, settings):
    settings.SOURCEBOOK_MAX_SCAN_PAGES = 4
    with pytest.raises(RecordError, match="over the limit of 4"):
        _attach(seed_doc, [("long.pdf", make.pdf(pages=5, width=100, height=100))])
    _attach(seed_doc, [("a.pdf", make.pdf(pages=3, width=100, height=100))])
    with pytest.raises(RecordError, match="would have 6 scan pages"):  # the document's total counts
        _attach(seed_doc, [("b.pdf", make.pdf(pages=3, width=120, height=100))])
    assert _rows(seed_doc) == (1, 3, 1)


def test_cli_attach_then_worker_derives_every_page(seed_doc, tmp_path):
    from sourcebook.scans import storage
    from sourcebook.scans.models import Job, Page

    (tmp_path / "scan.pdf").write_bytes(make.pdf(pages=2, width=1300, height=900))
    (tmp_path / "empty.jpg").write_bytes(b"")
    bad = run_cli(
        "attach", "208190", str(tmp_path / "scan.pdf"), str(tmp_path / "empty.jpg"), process=True
    )
    assert bad.returncode == 1
    assert bad.stderr.strip().splitlines() == [
        f"error: {tmp_path / 'empty.jpg'}: empty file (0 bytes); not a scan"
    ]
    assert _rows(seed_doc) == (0, 0, 0)
    ok = run_cli("attach", "208190", str(tmp_path / "scan.pdf"))
    assert ok.returncode == 0, ok.stderr
    assert "2 pages" in ok.stdout
    assert run_cli("attach", "nope", str(tmp_path / "scan.pdf")).returncode == 1
    work = run_cli("worker", "--until-idle")
    assert work.returncode == 0, work.stderr
    job = Job.objects.get(document=seed_doc)
    assert (job.status, job.done, job.total) == ("done", 2, 2)
    for page in Page.objects.filter(document=seed_doc).select_related("scan"):
        assert page.derived
        with Image.open(storage.page_image(page.scan.sha256, page.index)) as img:
            assert img.size == (page.width, page.height) == (1300, 900)
        with Image.open(storage.level_image(page.scan.sha256, page.index, 2)) as img:
            assert img.size == (650, 450)
    listed = run_cli("jobs")
    assert "derive" in listed.stdout and "done" in listed.stdout and "2/2" in listed.stdout


def test_ingest_picks_up_a_pdf_beside_the_record(db, tmp_path):
    from sourcebook.archive import ingest
    from sourcebook.archive.models import Document

    shutil.copy(SEED, tmp_path / "208190.txt")
    (tmp_path / "208190.pdf").write_bytes(make.pdf(pages=2))
    outcomes = list(ingest.ingest_paths([str(tmp_path)]))
    assert [(o.id, o.status) for o in outcomes] == [("208190", "added")], outcomes
    doc = Document.objects.get(public_id="208190")
    assert _rows(doc) == (1, 2, 1)


def test_ingest_picks_up_a_folder_of_page_images(db, tmp_path):
    from sourcebook.archive import ingest
    from sourcebook.archive.models import Document

    shutil.copy(SEED, tmp_path / "208190.txt")
    (tmp_path / "208190").mkdir()
    (tmp_path / "208190" / "p2.png").write_bytes(make.image("PNG", 200, 300))
    (tmp_path / "208190" / "p1.jpg").write_bytes(make.image("JPEG", 100, 150))
    outcomes = list(ingest.ingest_paths([str(tmp_path)]))
    assert [(o.id, o.status) for o in outcomes] == [("208190", "added")], outcomes
    doc = Document.objects.get(public_id="208190")
    sizes = list(doc.scan_pages.order_by("number").values_list("width", "height"))
    assert sizes == [(100, 150), (200, 300)]  # name order: p1.jpg, p2.png


def test_ingest_with_a_bad_scan_beside_fails_the_record_whole(db, tmp_path):
    from sourcebook.archive import ingest
    from sourcebook.archive.models import Document

    shutil.copy(SEED, tmp_path / "208190.txt")
    (tmp_path / "208190.pdf").write_bytes(make.encrypted_pdf())
    outcomes = list(ingest.ingest_paths([str(tmp_path)]))
    assert [o.status for o in outcomes] == ["failed"]
    assert "encrypted PDF" in outcomes[0].error and "\n" not in outcomes[0].error
    assert not Document.objects.filter(public_id="208190").exists()


def test_contents_original_scan_links_the_viewer(db, client):
    from sourcebook.archive import ingest
    from sourcebook.archive.models import Document

    ingest.ingest_file(SAMPLES / "sample-khrushchev-c1957.txt")
    doc = Document.objects.get(public_id="sample-khrushchev-c1957")
    viewer = "/documents/sample-khrushchev-c1957/scans/"
    assert viewer not in client.get(doc.get_absolute_url()).content.decode()
    assert client.get(viewer).status_code == 404
    _attach(doc, [("scan.png", make.image("PNG"))])
    html = client.get(doc.get_absolute_url()).content.decode()
    assert f'<a href="{viewer}">Original Scan</a>' in html
    page = client.get(viewer)
    assert page.status_code == 200
    assert (
        'data-sources="[&quot;/iiif/image/sample-khrushchev-c1957/1/info.json&quot;]"'
        in page.content.decode()
    )


def test_editors_see_job_status_on_the_document_page(seed_doc, client):
    from django.contrib.auth.models import User

    _attach(seed_doc, [("a.png", make.image("PNG", 200, 100))])
    assert "Job derive: queued (0/1)" not in client.get("/documents/208190/").content.decode()
    client.force_login(User.objects.create_superuser("ed", "ed@example.org", "pw"))
    assert "Job derive: queued (0/1)" in client.get("/documents/208190/").content.decode()
