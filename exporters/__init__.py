"""Exporters: one module per output format, each a pure function from papers to text or dicts.

No Flask and no database in here: `server/formats.py` names the formats and
`server/routes/export.py` serves them.
"""
