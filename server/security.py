"""Who may write to a server that every web page can reach on 127.0.0.1.

Writes and Zotero settings need the per-install token (Authorization: Bearer <token>) and
are refused when the request's Origin is a web page other than the server's own. Saving
(and reading what is saved) is also open to papershelf's own papers page through its
cookie and page token (routes/page_session.py). CORS answers browser extensions only, so
no web page can read a reply either. Every response carries headers that keep it from being
framed, sniffed into another type, or running anything but papershelf's own files.
"""

from __future__ import annotations

import functools
import hmac

from flask import Flask, request

from server.app import app_settings
from server.routes import page_session
from server.routes.errors import error_response

EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://", "safari-web-extension://")

# JSON, feeds and exports: nothing runs, nothing loads but papershelf's own stylesheet.
POLICY = [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
]
CONTENT_SECURITY_POLICY = "; ".join(POLICY)
# The papers page (templates/index.html) also runs its scripts from /static and calls its
# own API (save, BibTeX copy): nothing inline, nothing from elsewhere.
PAGE_CONTENT_SECURITY_POLICY = "; ".join([*POLICY, "script-src 'self'", "connect-src 'self'"])
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # searches stay here, not in arXiv's logs
}


def is_extension_origin(origin: str) -> bool:
    return origin.startswith(EXTENSION_SCHEMES)


def origin_allowed(origin: str | None, host_url: str) -> bool:
    """No Origin (curl, the CLI), the server's own page, or a browser extension."""
    if not origin:
        return True
    return is_extension_origin(origin) or origin.rstrip("/") == host_url.rstrip("/")


def require_token(view):
    """Refuse cross-site requests and requests without the install's token."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        origin = request.headers.get("Origin")
        if not origin_allowed(origin, request.host_url):
            return error_response(
                403, f"requests from the web origin {origin} may not use this endpoint"
            )
        expected = app_settings().api_token
        given = _token_from_request()
        if not given:
            return error_response(
                401, "missing token: send 'Authorization: Bearer <token>' (see `papershelf token`)"
            )
        if not hmac.compare_digest(given.encode(), expected.encode()):
            return error_response(401, "wrong token: pair again with `papershelf token`")
        return view(*args, **kwargs)

    return guarded


def require_token_or_page(view):
    """`require_token`, or papershelf's own papers page with its cookie and page token
    (a request that sends the page's header is judged as the page's, and only so)."""
    with_token = require_token(view)

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        token = request.headers.get(page_session.HEADER)
        if token is None:
            return with_token(*args, **kwargs)
        why = page_session.refusal(
            app_settings().api_token,
            cookie=request.cookies.get(page_session.cookie_name(request.host)),
            token=token,
            origin=request.headers.get("Origin"),
            fetch_site=request.headers.get("Sec-Fetch-Site"),
            own_origin=request.host_url,
        )
        if why:
            return error_response(403, why)
        return view(*args, **kwargs)

    return guarded


def _token_from_request() -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.headers.get("X-Papershelf-Token") or None


def host_allowed(host_header: str, allowed: tuple[str, ...]) -> bool:
    """Whether the Host header names this machine (or a host the user allowed).

    A DNS-rebinding page reaches 127.0.0.1 under its own name: its Host gives it away.
    """
    host = host_header.strip().lower()
    if host.startswith("["):  # [::1]:5000
        name = host[1 : host.find("]")] if "]" in host else host
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return name in allowed


def init_app(app: Flask) -> None:
    """The Host check, for the requests that reach Flask (the front passes on every request
    whose Host it would refuse). The headers every response carries are added by the front
    (`add_response_headers`), on the way out of the WSGI app."""

    @app.before_request
    def refuse_foreign_hosts():
        allowed = app_settings(app).allowed_hosts
        if not host_allowed(request.host, allowed):
            return error_response(
                421,
                f"this papershelf answers as {', '.join(allowed)}, "
                "not as the host in this request (set ALLOWED_HOSTS to add one)",
            )
        return None


_SECURITY_HEADER_LIST = tuple(
    (name.lower(), name, value) for name, value in SECURITY_HEADERS.items()
)
_EXTENSION_CORS = (
    ("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Papershelf-Token"),
    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
    ("Access-Control-Max-Age", "600"),
)
_CORS_NAMES = frozenset({"access-control-allow-origin", *(n.lower() for n, _ in _EXTENSION_CORS)})


def add_response_headers(environ: dict, headers: list[tuple[str, str]]) -> None:
    """Every response's security headers (a view's own value kept, as the page's CSP), and
    CORS for a browser extension's request: on the WSGI header list, in place."""
    present = {name.lower() for name, _value in headers}
    for lowered, name, value in _SECURITY_HEADER_LIST:
        if lowered not in present:
            headers.append((name, value))
    origin = environ.get("HTTP_ORIGIN")
    if origin and is_extension_origin(origin):
        headers[:] = [(n, v) for n, v in headers if n.lower() not in _CORS_NAMES]
        headers.append(("Access-Control-Allow-Origin", origin))
        headers.extend(_EXTENSION_CORS)
        headers.append(("Vary", "Origin"))
