"""Authorities from documentary editions: persons and terms per volume, links, merge proposals."""
