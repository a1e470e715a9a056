"""Citations and bibliographic exports of a record, without Django.

Each module maps a :class:`~sourcebook.core.record.Record` to one format researchers or
libraries use: the archive's own citation line (:mod:`.archive_style`), CSL-JSON and the styles
rendered from it (:mod:`.csl`), BibTeX, RIS, Dublin Core, Zotero's embedded metadata and a PDF.
:mod:`.exporters` registers the file formats with :mod:`sourcebook.core.formats`.
"""
