"""Host header attacks: absolute URLs come from SOURCEBOOK_BASE_URL or a checked host, never a
spoofed one (issue 14, "Safe defaults").

Before: ``ALLOWED_HOSTS`` was ``*`` and every absolute URL was ``request.build_absolute_uri``, so
``Host: evil.example`` went into OAI ``baseURL`` and identifiers, sitemap ``<loc>``s, robots.txt,
citation URLs and JSON-LD.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import lxml.etree
import lxml.html
import pytest
from django.test import Client, override_settings

from sourcebook import deployment
from sourcebook.archive import ingest
from tests.conftest import SAMPLES
from tests.support.serve import CLEARED, Server, free_port, serving, wait_for

BASE = "https://archive.example.org"
EVIL = "evil.example"
LETTER = "sample-undated-letter"
OAI_NS = {"o": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/"}
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
PAGES = [
    "/",
    "/sitemap.xml",
    "/robots.txt",
    "/oai?verb=Identify",
    "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc",
    f"/documents/{LETTER}/",
    f"/api/documents/{LETTER}/citations",
]


def _ingest_samples():
    for name in (f"{LETTER}.txt", "wcda-208190.txt"):
        outcomes = ingest.ingest_file(SAMPLES / name)
        assert [o.status for o in outcomes] == ["added"], outcomes


@pytest.fixture
def letters(db):
    _ingest_samples()


@pytest.fixture
def letters_committed(transactional_db):
    _ingest_samples()


def _urls_in(path: str, body: str) -> list[str]:
    """Every absolute URL of our own a response carries, by kind of response."""
    if path.startswith("/oai"):
        root = lxml.etree.fromstring(body.encode())
        urls = root.xpath("//o:request/text() | //o:baseURL/text()", namespaces=OAI_NS)
        return urls + root.xpath("//o:identifier/text()", namespaces=OAI_NS)
    if path == "/sitemap.xml":
        return lxml.etree.fromstring(body.encode()).xpath("//s:loc/text()", namespaces=SITEMAP_NS)
    if path == "/robots.txt":
        return [line.split(": ", 1)[1] for line in body.splitlines() if line.startswith("Sitemap")]
    if path.startswith("/api/"):
        data = json.loads(body)
        return [data["csl"]["URL"], *data["styles"].values()]
    if path.startswith("/documents/"):
        tree = lxml.html.document_fromstring(body)
        ld = json.loads(tree.xpath("//script[@type='application/ld+json']/text()")[0])
        meta = tree.xpath("//meta[starts-with(@name, 'citation_')][contains(@name, 'url')]")
        return [
            ld["url"],
            *(m.get("content") for m in meta),
            *tree.xpath("//p[@class='citation']//text()"),
        ]
    return []


def _assert_all_from(base: str, urls: list[str], repository: str) -> None:
    assert urls, "no absolute URL found"
    for url in urls:
        if url.startswith("oai:"):
            assert url.startswith(f"oai:{repository}:"), url
        elif "://" in url and url.startswith("http"):
            assert url.startswith(f"{base}/"), url
    text = " ".join(urls)
    assert EVIL not in text and "mirror.example.net" not in text and "testserver" not in text


def test_spoofed_host_is_refused_before_any_url_is_built(letters):
    client = Client()
    for path in PAGES:
        response = client.get(path, HTTP_HOST=EVIL)
        assert response.status_code == 400, (path, response.status_code)
        assert EVIL not in response.content.decode(), path
    # The X-Forwarded-Host a proxy could pass on is not trusted either.
    response = client.get("/robots.txt", HTTP_HOST="localhost", HTTP_X_FORWARDED_HOST=EVIL)
    assert response.status_code == 200 and EVIL not in response.content.decode()


def test_local_names_are_answered_with_their_own_urls(letters):
    """The demo at http://127.0.0.1:8000/ and a browser on the serving machine keep working."""
    client = Client()
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "localhost"):
        body = client.get("/robots.txt", HTTP_HOST=host).content.decode()
        assert f"Sitemap: http://{host}/sitemap.xml" in body, (host, body)
    root = lxml.etree.fromstring(client.get("/oai?verb=Identify", HTTP_HOST="[::1]:8000").content)
    assert root.xpath("//o:baseURL/text()", namespaces=OAI_NS) == ["http://[::1]:8000/oai"]
    assert "oai:localhost:" in client.get(PAGES[4], HTTP_HOST="[::1]:8000").content.decode()


def test_base_url_is_used_whatever_the_host_says(letters):
    """With SOURCEBOOK_BASE_URL, another allowed name (a mirror, the proxy's upstream) does not
    leak into any absolute URL."""
    env = {"SOURCEBOOK_BASE_URL": f"{BASE}/", "SOURCEBOOK_ALLOWED_HOSTS": "mirror.example.net"}
    with override_settings(**deployment.security_settings(env)):
        client = Client()
        assert client.get("/robots.txt", HTTP_HOST=EVIL).status_code == 400
        for path in PAGES[1:]:
            response = client.get(path, HTTP_HOST="mirror.example.net")
            assert response.status_code == 200, (path, response.status_code)
            _assert_all_from(BASE, _urls_in(path, response.content.decode()), "archive.example.org")
        response = client.get("/oai?verb=Identify", HTTP_HOST="mirror.example.net")
        root = lxml.etree.fromstring(response.content)
        assert root.xpath("//o:baseURL/text()", namespaces=OAI_NS) == [f"{BASE}/oai"]
        dc = client.get(
            f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:archive.example.org:{LETTER}",
            HTTP_HOST="mirror.example.net",
        ).content.decode()
        assert f"<dc:identifier>{BASE}/documents/{LETTER}/</dc:identifier>" in dc


@pytest.mark.parametrize(
    "value, message",
    [
        ("archive.example.org", "give scheme and host"),
        ("ftp://archive.example.org", "give scheme and host"),
        ("https://archive.example.org/sourcebook/", "root of its own host name"),
        ("https://archive.example.org/?x=1", "root of its own host name"),
        ("https://archive.example.org:99999", "Port out of range"),
    ],
)
def test_unusable_base_url_is_one_line_from_the_cli(tmp_path, value, message):
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(SOURCEBOOK_HOME=str(tmp_path / "home"), SOURCEBOOK_BASE_URL=value)
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "sourcebook", "show", "x"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 2, done
    assert (
        done.stderr.startswith(f"error: SOURCEBOOK_BASE_URL={value!r}: ") and message in done.stderr
    )
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1
    assert not (tmp_path / "home").exists()


def test_allowed_hosts_default_and_additions():
    assert deployment.security_settings({})["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]
    hosts = deployment.security_settings(
        {
            "SOURCEBOOK_BASE_URL": "https://Archive.Example.org:8443",
            "SOURCEBOOK_ALLOWED_HOSTS": " a.example , b.example,",
        }
    )["ALLOWED_HOSTS"]
    assert hosts == [
        "localhost",
        "127.0.0.1",
        "[::1]",
        "archive.example.org",
        "a.example",
        "b.example",
    ]


# Real HTTP to a `sourcebook serve` process --------------------------------------------------


def test_serve_on_all_interfaces_refuses_spoofed_hosts_and_says_what_to_set(
    tmp_path, letters_committed
):
    with serving(tmp_path / "home", "--host", "0.0.0.0") as (server, stderr):
        local = f"127.0.0.1:{server.port}"
        for path in PAGES:
            status, _, body = server.request(path, EVIL)
            assert status == 400 and EVIL not in body, (path, status)
            status, _, body = server.request(path, local)
            assert status == 200, (path, status, body[:300])
        status, _, body = server.request("/robots.txt", local)
        assert f"Sitemap: http://{local}/sitemap.xml" in body
    assert "warning: listening on 0.0.0.0" in stderr[0]
    assert "set SOURCEBOOK_BASE_URL" in stderr[0]
    # Each refused request is logged in one line, without a traceback to bury real errors in.
    refused = [line for line in stderr[0].splitlines() if "Invalid HTTP_HOST header" in line]
    assert len(refused) == len(PAGES), stderr[0][-2000:]
    assert "Traceback" not in stderr[0]


def test_serve_with_base_url_builds_every_url_from_it(tmp_path, letters_committed):
    env = {"SOURCEBOOK_BASE_URL": BASE, "SOURCEBOOK_ALLOWED_HOSTS": "mirror.example.net"}
    with serving(tmp_path / "home", env_extra=env) as (server, stderr):
        assert server.request("/oai?verb=Identify", EVIL)[0] == 400
        for host in ("mirror.example.net", f"127.0.0.1:{server.port}", "archive.example.org"):
            for path in PAGES[1:]:
                status, _, body = server.request(path, host)
                assert status == 200, (host, path, status, body[:300])
                _assert_all_from(BASE, _urls_in(path, body), "archive.example.org")
    assert "warning: listening" not in stderr[0]
    # An https base URL without a trusted proxy cannot know a request came over TLS: said so.
    assert "SOURCEBOOK_TRUSTED_PROXY is not set" in stderr[0]


def test_demo_still_answers_on_127_0_0_1(tmp_path):
    """``sourcebook demo`` serves http://127.0.0.1:<port>/ with its own URLs, as before."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in CLEARED and k != "DATABASE_URL"}
    cmd = [sys.executable, "-m", "sourcebook", "demo", "--home", str(tmp_path / "demo")]
    proc = subprocess.Popen([*cmd, "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        while "is serving" not in line:
            line = proc.stderr.readline()
            assert line or proc.poll() is None, "demo exited before serving"
        assert f"http://127.0.0.1:{port}/" in line
        wait_for(port, proc, 60)
        server = Server(proc, port)
        status, _, body = server.request("/robots.txt", f"127.0.0.1:{port}")
        assert status == 200 and f"Sitemap: http://127.0.0.1:{port}/sitemap.xml" in body
        status, _, body = server.request(f"/documents/{LETTER}/", f"127.0.0.1:{port}")
        assert status == 200 and f'"url": "http://127.0.0.1:{port}/documents/{LETTER}/"' in body
    finally:
        proc.terminate()
        proc.communicate(timeout=30)


def test_serve_warns_about_what_would_reflect_the_host_header():
    from sourcebook.cli.server import deployment_warnings

    everything = deployment.security_settings({"SOURCEBOOK_ALLOWED_HOSTS": "*"})
    with override_settings(**everything):
        (warning,) = deployment_warnings("127.0.0.1")
        assert "SOURCEBOOK_ALLOWED_HOSTS has *" in warning and "set SOURCEBOOK_BASE_URL" in warning
    proxied = deployment.security_settings(
        {"SOURCEBOOK_BASE_URL": BASE, "SOURCEBOOK_TRUSTED_PROXY": "1"}
    )
    with override_settings(**proxied):
        assert deployment_warnings("127.0.0.1") == []
        (warning,) = deployment_warnings("0.0.0.0")
        assert "can forge X-Forwarded-For" in warning


@pytest.mark.parametrize(
    "name, value",
    [
        ("SOURCEBOOK_INGEST_LINK_BESIDE", "abc"),
        ("SOURCEBOOK_LINK_THRESHOLD", "x"),
        ("SOURCEBOOK_PAGE_CACHE", "lots"),
        ("SOURCEBOOK_OCR_LOW_CONFIDENCE", "high"),
    ],
)
def test_a_bad_setting_leaves_no_trace_on_disk(tmp_path, name, value):
    """Settings read late in the settings module once came after the data directory, its secret
    key and its static folder were created: a typo left a half-made home behind."""
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update({"SOURCEBOOK_HOME": str(tmp_path / "home"), name: value})
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "sourcebook", "show", "x"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 2, done
    assert done.stderr.startswith(f"error: {name} must be") and len(done.stderr.splitlines()) == 1
    assert done.stderr.rstrip().endswith(f"not {value!r}")  # the value as written
    assert not (tmp_path / "home").exists()
