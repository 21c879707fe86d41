"""Saving papers to Zotero: the web library (pyzotero) or the desktop app (connector)."""
