"""Hostile input and abuse (issue 14): one file per finding area, each test from a realistic payload."""
