"""The suite's own helpers keep it fast: what they decide is checked here, not timed."""

from __future__ import annotations

import pytest

from tests.support import cli


@pytest.mark.django_db(transaction=True)
def test_run_cli_stays_in_this_process_once_the_browser_tests_are_collected():
    """Collecting the browser tests sets DJANGO_ALLOW_ASYNC_UNSAFE (after ``cli`` read the
    environment); that changes no setting, so a command still runs in this process. When it
    counted, every command of a whole run started a new process (474 starts in one run)."""
    import tests.support.browser  # noqa: F401 (sets the variable, as collecting does)

    assert cli._same_as_a_new_process()


@pytest.mark.django_db
def test_a_new_process_is_started_inside_a_test_transaction():
    """The other side of the rule: rows a test has not committed would be missing there."""
    assert not cli._same_as_a_new_process()


def test_passwords_in_this_process_take_few_rounds_and_name_their_algorithm():
    """A password the tests make is a PBKDF2-SHA256 hash with its rounds written in it, which
    a started ``sourcebook`` process (Django's own hashers) can check."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password

    encoded = make_password("a long passphrase 7")
    algorithm, rounds, _salt, _hash = encoded.split("$")
    assert (algorithm, rounds) == ("pbkdf2_sha256", "1000")
    assert PBKDF2PasswordHasher().verify("a long passphrase 7", encoded)


@pytest.mark.django_db(transaction=True)
def test_the_flush_between_tests_keeps_content_types_and_permissions():
    """The same rows, not rows made again (tests/support/flush_kept.py); the role groups are
    still emptied and made again by the post-migrate step."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    def rows():
        return (
            sorted(ContentType.objects.values_list("id", "app_label", "model")),
            sorted(Permission.objects.values_list("id", "codename")),
        )

    before = rows()
    Group.objects.create(name="left by a test")
    call_command("flush", interactive=False, verbosity=0)
    assert rows() == before
    assert set(Group.objects.values_list("name", flat=True)) == {"admin", "editor"}
