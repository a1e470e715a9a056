"""Citing and harvesting: the cite box, Zotero metadata, set downloads, sitemap, OAI-PMH."""
