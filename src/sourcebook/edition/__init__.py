"""The static edition: the public site written out as files (``sourcebook export-site DIR``).

Pages are rendered by the real views through Django's test client, so the edition and the live
site share one set of templates; links are then rewritten to relative ones that work from any
static host, under any path prefix, and from a folder on a USB stick. Pagefind indexes the
result for client-side search.
"""
