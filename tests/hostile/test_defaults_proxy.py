"""TLS behind a proxy: HSTS and secure cookies with an https SOURCEBOOK_BASE_URL, the proxy's
X-Forwarded-Proto trusted only when SOURCEBOOK_TRUSTED_PROXY says so, and admin posts through the
proxy passing Django's CSRF origin check (issue 14, "Safe defaults").

Before: no setting for HSTS, secure cookies or the proxy SSL header; an admin login through a TLS
proxy failed the CSRF origin check.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from sourcebook import deployment
from tests.support.serve import serving

BASE = "https://archive.example.org"
PASSWORD = "a long passphrase 7"
# What nginx or Caddy in front sends on: the upstream address as Host, the scheme it served.
THROUGH_PROXY = {"HTTP_HOST": "127.0.0.1:8000", "HTTP_X_FORWARDED_PROTO": "https"}


def _env(**extra: str) -> dict:
    return {"SOURCEBOOK_BASE_URL": BASE, "SOURCEBOOK_TRUSTED_PROXY": "1", **extra}


@pytest.fixture
def curator(db):
    return get_user_model().objects.create_superuser("curator", "c@example.org", PASSWORD)


def _login(client: Client, **headers):
    page = client.get("/admin/login/", **headers)
    assert page.status_code == 200
    token = page.cookies["csrftoken"]
    form = {"csrfmiddlewaretoken": token.value, "username": "curator", "password": PASSWORD}
    return page, client.post("/admin/login/?next=/admin/", form, **headers)


def test_admin_login_through_a_tls_proxy(curator):
    with override_settings(**deployment.security_settings(_env())):
        client = Client(enforce_csrf_checks=True)
        headers = {**THROUGH_PROXY, "HTTP_ORIGIN": BASE, "HTTP_REFERER": f"{BASE}/admin/login/"}
        page, response = _login(client, **headers)
        assert page["Strict-Transport-Security"] == "max-age=31536000"  # a year, no preload
        assert page.cookies["csrftoken"]["secure"] is True
        assert response.status_code == 302 and response["Location"] == "/admin/", response
        assert response.cookies["sessionid"]["secure"] is True
        assert client.get("/admin/", **THROUGH_PROXY).status_code == 200


def test_post_from_another_origin_is_still_refused(curator):
    with override_settings(**deployment.security_settings(_env())):
        client = Client(enforce_csrf_checks=True)
        headers = {**THROUGH_PROXY, "HTTP_ORIGIN": "https://evil.example"}
        _, response = _login(client, **headers)
        assert response.status_code == 403


@pytest.mark.parametrize(
    "env",
    [
        {},  # the defaults: no base URL
        {"SOURCEBOOK_BASE_URL": "http://archive.example.org", "SOURCEBOOK_TRUSTED_PROXY": "1"},
        # https, but no trusted proxy: a forged X-Forwarded-Proto proves nothing.
        {"SOURCEBOOK_BASE_URL": BASE},
    ],
)
def test_no_hsts_without_a_known_https_request(curator, env):
    with override_settings(**deployment.security_settings(env)):
        page = Client().get("/admin/login/", **THROUGH_PROXY)
        assert page.status_code == 200
        assert "Strict-Transport-Security" not in page
        secure = "https" in env.get("SOURCEBOOK_BASE_URL", "")
        assert bool(page.cookies["csrftoken"]["secure"]) is secure


def test_ssl_redirect_goes_to_the_base_url_never_the_host(db):
    settings = deployment.security_settings(_env(SOURCEBOOK_SSL_REDIRECT="1"))
    with override_settings(**settings):
        response = Client().get("/robots.txt", HTTP_HOST="127.0.0.1:8000")
        assert response.status_code == 301
        assert response["Location"] == f"{BASE}/robots.txt"
    with pytest.raises(deployment.DeploymentError, match="SOURCEBOOK_TRUSTED_PROXY"):
        deployment.security_settings({"SOURCEBOOK_BASE_URL": BASE, "SOURCEBOOK_SSL_REDIRECT": "1"})


def test_hsts_options_are_opt_in():
    out = deployment.security_settings(
        _env(SOURCEBOOK_HSTS_SECONDS="600", SOURCEBOOK_HSTS_PRELOAD="1")
    )
    assert (out["SECURE_HSTS_SECONDS"], out["SECURE_HSTS_PRELOAD"]) == (600, True)
    assert out["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    with pytest.raises(deployment.DeploymentError, match="SOURCEBOOK_TRUSTED_PROXY='maybe'"):
        deployment.security_settings({"SOURCEBOOK_TRUSTED_PROXY": "maybe"})


def test_serve_reads_the_proxy_settings_from_the_environment(tmp_path, transactional_db):
    with serving(tmp_path / "home", env_extra=_env()) as (server, stderr):
        status, headers, _ = server.request("/", "127.0.0.1", {"X-Forwarded-Proto": "https"})
        assert status == 200 and headers["Strict-Transport-Security"] == "max-age=31536000"
        status, headers, _ = server.request("/", "127.0.0.1")
        assert status == 200 and "Strict-Transport-Security" not in headers
        assert "Content-Security-Policy" in headers
    assert "warning" not in stderr[0]
