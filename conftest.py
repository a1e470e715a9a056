"""Test setup shared by every test: a throw-away data directory, before Django reads settings."""

import os
import tempfile

_home = tempfile.mkdtemp(prefix="sourcebook-test-")
os.environ["SOURCEBOOK_HOME"] = _home
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sourcebook.settings")
