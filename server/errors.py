"""papershelf's one base exception. Every error papershelf raises on purpose is one of these.

Pure: no Flask here. The web layer turns these into HTTP answers (server/routes/errors.py).
"""

from __future__ import annotations


class PapershelfError(Exception):
    """Base of papershelf's own exceptions."""
