"""pytest plugin loaded with ``-p sourcebook.testing`` (see pyproject.toml).

Why a plugin and not a conftest: pytest-django reads the settings before any conftest is
imported, and the settings create the data directory. This runs first, so every test session
gets a throw-away ``SOURCEBOOK_HOME`` (and never touches ./sourcebook-data).
"""

import os
import tempfile

if "SOURCEBOOK_TEST_HOME" not in os.environ:
    os.environ["SOURCEBOOK_TEST_HOME"] = tempfile.mkdtemp(prefix="sourcebook-test-")
os.environ["SOURCEBOOK_HOME"] = os.environ["SOURCEBOOK_TEST_HOME"]
