"""Who may write to a server that every web page can reach on 127.0.0.1.

Writes and Zotero settings need the per-install token (Authorization: Bearer <token>) and
are refused when the request's Origin is a web page other than the server's own. CORS
answers browser extensions only, so no web page can read a reply either. Every response
carries headers that keep it from being framed, sniffed into another type, or running
anything but papershelf's own stylesheet.
"""

from __future__ import annotations

import functools
import hmac

from flask import Flask, request

from server.app import app_settings
from server.routes.errors import error_response

EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://", "safari-web-extension://")

# The papers page (templates/index.html) is HTML, links, a GET form and one stylesheet from
# /static: no script, no frame, nothing from elsewhere. JSON, feeds and exports need less.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "style-src 'self'",
        "img-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)
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

    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.after_request
    def cors_for_extensions(response):
        origin = request.headers.get("Origin")
        if origin and is_extension_origin(origin):
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Headers"] = (
                "Authorization, Content-Type, X-Papershelf-Token"
            )
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response.headers["Access-Control-Max-Age"] = "600"
            response.headers.add("Vary", "Origin")
        return response
