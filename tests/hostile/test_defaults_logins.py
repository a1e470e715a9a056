"""Login throttling (django-axes): after SOURCEBOOK_LOGIN_FAILURE_LIMIT wrong passwords for one
account from one address, even the right password is refused for a while, with a page that says
when to retry (issue 14, "Safe defaults").

Before: 40 wrong admin passwords in 9 s, no lockout.
"""

from __future__ import annotations

import http.cookiejar
import os
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from sourcebook import deployment
from tests.support.serve import CLEARED, serving

PASSWORD = "a long passphrase 7"
ATTACKER = "198.51.100.7"


@pytest.fixture
def curator(db):
    return get_user_model().objects.create_superuser("curator", "c@example.org", PASSWORD)


def _post(client: Client, password: str, username: str = "curator", **extra):
    form = {"username": username, "password": password}
    return client.post("/admin/login/?next=/admin/", form, **extra)


def _guess(client: Client, times: int, **extra) -> list[int]:
    return [_post(client, f"guess {n}", **extra).status_code for n in range(times)]


def test_wrong_passwords_lock_the_account_out_for_that_address(curator):
    client = Client(REMOTE_ADDR=ATTACKER)
    assert _guess(client, 4) == [200] * 4  # the form again, "please enter a correct password"
    locked = _post(client, "guess 5")
    assert locked.status_code == 429
    response = _post(client, PASSWORD)  # the right password, while locked
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed logins" in page and "Try again in 15 minutes" in page
    assert response["Retry-After"] == "900"
    assert "Content-Security-Policy" in response  # a page of the site like any other
    assert client.get("/admin/").status_code == 302  # not logged in


def test_lockout_is_per_account_and_address(curator):
    get_user_model().objects.create_superuser("editor", "e@example.org", PASSWORD)
    attacker = Client(REMOTE_ADDR=ATTACKER)
    _guess(attacker, 5)
    assert _post(attacker, PASSWORD).status_code == 429
    # The owner, from their own address, is not locked out by a stranger's guesses...
    owner = Client(REMOTE_ADDR="192.0.2.10")
    assert _post(owner, PASSWORD).status_code == 302
    # ...and the attacker's address can still log in to another account it knows.
    assert _post(attacker, PASSWORD, username="editor").status_code == 302


def test_forged_forwarded_for_does_not_escape_the_lockout(curator):
    """Without SOURCEBOOK_TRUSTED_PROXY, X-Forwarded-For is the client's word: ignored."""
    client = Client(REMOTE_ADDR=ATTACKER)
    for n in range(5):
        _post(client, f"guess {n}", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = _post(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_client_counts(curator):
    env = {"SOURCEBOOK_BASE_URL": "https://archive.example.org", "SOURCEBOOK_TRUSTED_PROXY": "1"}
    with override_settings(**deployment.security_settings(env)):
        proxy = Client(REMOTE_ADDR="127.0.0.1", HTTP_HOST="archive.example.org")
        # A client's own X-Forwarded-For entry comes first; the proxy appends the address it saw.
        via = {"HTTP_X_FORWARDED_FOR": f"10.9.9.9, {ATTACKER}"}
        _guess(proxy, 5, **via)
        assert _post(proxy, PASSWORD, **via).status_code == 429
        spoofed = {"HTTP_X_FORWARDED_FOR": f"192.0.2.10, {ATTACKER}"}
        assert _post(proxy, PASSWORD, **spoofed).status_code == 429
        # Another reader behind the same proxy is not locked out.
        other = {"HTTP_X_FORWARDED_FOR": "192.0.2.10"}
        assert _post(proxy, PASSWORD, **other).status_code == 302


def test_limit_and_cool_off_from_the_environment_over_real_http(tmp_path, transactional_db):
    get_user_model().objects.create_superuser("curator", "c@example.org", PASSWORD)
    env = {"SOURCEBOOK_LOGIN_FAILURE_LIMIT": "2", "SOURCEBOOK_LOGIN_COOLOFF_MINUTES": "45"}
    with serving(tmp_path / "home", env_extra=env) as (server, _):
        url = f"http://127.0.0.1:{server.port}/admin/login/?next=/admin/"
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        statuses = [_real_login(opener, url, password) for password in ("a", "b", PASSWORD)]
        assert [s for s, _ in statuses] == [200, 429, 429]
        assert "Try again in 45 minutes" in statuses[2][1]


def _real_login(opener, url: str, password: str) -> tuple[int, str]:
    with opener.open(url, timeout=30) as resp:
        page = resp.read().decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    form = {"csrfmiddlewaretoken": token, "username": "curator", "password": password}
    request = urllib.request.Request(url, urllib.parse.urlencode(form).encode(), method="POST")
    request.add_header("Referer", url)
    try:
        with opener.open(request, timeout=30) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def test_first_use_migrates_the_lockout_tables(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in CLEARED and k != "DATABASE_URL"}
    env["SOURCEBOOK_HOME"] = str(tmp_path / "home")
    subprocess.run([sys.executable, "-m", "sourcebook", "show", "x"], env=env, capture_output=True)
    with sqlite3.connect(tmp_path / "home" / "sourcebook.sqlite3") as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"axes_accessattempt", "axes_accessfailurelog"} <= tables
