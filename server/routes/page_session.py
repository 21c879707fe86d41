"""The papers page's own credential, so that it can save to Zotero and no other page can.

The page uses the same API as the extension, without the install token (which never goes
into HTML). `GET /` gives the browser an HttpOnly, SameSite=Strict cookie holding a random
nonce and its HMAC, and writes a second HMAC of that nonce into the page, which the page's
script sends back in a header. Both are keyed by the install token: no server state, and a
page stays usable across restarts. A write counts as the page's only when

- the cookie is one this server made: a cross-site request does not carry it (SameSite);
- the header matches that cookie: no other origin can read the page to learn it, a form
  cannot send a header at all, and a cross-origin fetch with one needs a CORS preflight
  that is never answered for web pages;
- the Origin is the server's own (and Sec-Fetch-Site, when sent, says same-origin):
  browsers keep cookies apart by host, not by port, so another site on 127.0.0.1 would
  carry the cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

HEADER = "X-Papershelf-Page"
COOKIE_PREFIX = "papershelf-page-"


def cookie_name(host: str) -> str:
    """One cookie per port: two papershelf servers on one machine keep theirs apart."""
    port = host.rsplit(":", 1)[1] if host.count(":") == 1 or "]:" in host else "80"
    return COOKIE_PREFIX + (port if port.isdigit() else "80")


def _mac(key: str, purpose: str, nonce: str) -> str:
    return hmac.new(key.encode(), f"{purpose}:{nonce}".encode(), hashlib.sha256).hexdigest()


def new_cookie(key: str) -> tuple[str, str]:
    """(nonce, cookie value) for a browser that has no valid cookie yet."""
    nonce = secrets.token_urlsafe(18)
    return nonce, f"{nonce}.{_mac(key, 'cookie', nonce)}"


def nonce_of(key: str, cookie: str | None) -> str | None:
    """The nonce of a cookie this server made, else None."""
    nonce, _, mac = (cookie or "").partition(".")
    if nonce and hmac.compare_digest(mac, _mac(key, "cookie", nonce)):
        return nonce
    return None


def page_token(key: str, nonce: str) -> str:
    """What the page sends back in HEADER."""
    return _mac(key, "page", nonce)


def refusal(key: str, *, cookie: str | None, token: str, origin: str | None,
            fetch_site: str | None, own_origin: str) -> str | None:  # fmt: skip
    """Why a request claiming to come from the page is not the page's; None when it is."""
    if origin is None or origin.rstrip("/") != own_origin.rstrip("/"):
        sender = origin or "a request without Origin"
        return f"only papershelf's own page may save this way, not {sender}"
    if fetch_site is not None and fetch_site != "same-origin":
        return f"only papershelf's own page may save this way (Sec-Fetch-Site: {fetch_site})"
    nonce = nonce_of(key, cookie)
    if nonce is None:
        return "the page's session cookie is missing or not this server's: reload the page"
    if not hmac.compare_digest(token.encode(), page_token(key, nonce).encode()):
        return "the page's token does not match its cookie: reload the page"
    return None
