"""Sourcebook: an open digital archive engine for historical primary sources."""

__version__ = "0.1.0"
