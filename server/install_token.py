"""The per-install token that the browser extension pairs with (kept in the instance folder)."""

from __future__ import annotations

import secrets
from pathlib import Path

TOKEN_FILE_NAME = "token"  # noqa: S105 - a file name, not a secret


def load_or_create_token(instance_path: str | Path) -> str:
    """The per-install token, made on first start and kept in the instance folder (0600)."""
    path = Path(instance_path) / TOKEN_FILE_NAME
    if path.is_file():
        token = path.read_text(encoding="utf-8").strip()
        if token:
            return token
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    path.touch(mode=0o600)
    path.write_text(token + "\n", encoding="utf-8")
    return token
