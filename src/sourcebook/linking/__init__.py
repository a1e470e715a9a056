"""Linking in running text, inside the archive: after ingest, after an edit, on demand.

The framework-free linker is :mod:`sourcebook.core.linking`; this app reads the authorities of
the database into its gazetteer (:mod:`.entries`), writes what it finds as document links
(:mod:`.service`), proposes candidate authorities from record texts (:mod:`.candidates`) and
hooks itself into ingest and editing (:mod:`.apps`).
"""
