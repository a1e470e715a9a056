"""A password hasher for the test session: Django's PBKDF2 with fewer rounds."""

from __future__ import annotations

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class FewRoundsPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2-SHA256 at 1,000 rounds, not Django's 1,000,000 (0.23 s a password here).

    Why: the suite makes and checks a password for every user and login it creates. The hash
    keeps Django's algorithm name and writes its rounds into the hash, so a ``sourcebook``
    process started by a test, with Django's own hashers, checks these passwords too."""

    iterations = 1000
