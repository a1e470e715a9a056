"""Curation pages: the editing page of a document and its source changes to review."""
