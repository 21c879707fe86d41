"""papershelf's Flask application factory, its settings and the request's database connection."""

from __future__ import annotations

import sqlite3

from flask import Flask, current_app, g

from server.config import Settings, instance_path, load_settings
from server.store import db

SETTINGS_KEY = "papershelf"


def create_app(test_config: dict | None = None) -> Flask:
    """The app with settings from the instance folder and environment; `test_config`
    (upper-case setting names, plus Flask's own keys such as TESTING) overrides them."""
    app = Flask("server", instance_path=str(instance_path()), instance_relative_config=True)
    settings = load_settings(app.instance_path, overrides=test_config)
    if not settings.api_token:
        from server.install_token import load_or_create_token

        settings = settings.with_changes(api_token=load_or_create_token(app.instance_path))
    app.extensions[SETTINGS_KEY] = settings
    app.config.from_mapping({k: v for k, v in (test_config or {}).items() if k.isupper()})
    app.config["MAX_CONTENT_LENGTH"] = settings.max_ingest_bytes
    app.json.sort_keys = False  # keep the Paper record's documented field order

    from server import security
    from server.routes import access_log, errors, export, library, pages, papers, sources

    access_log.init_app(app)  # first: it times every request, refused ones too
    errors.init_app(app)
    security.init_app(app)
    app.teardown_appcontext(close_db)
    for blueprint in (papers.bp, pages.bp, export.bp, library.bp, sources.bp):
        app.register_blueprint(blueprint)
    return app


def app_settings(app: Flask | None = None) -> Settings:
    """The settings of `app` (default: the app handling this request or command)."""
    return (app or current_app).extensions[SETTINGS_KEY]


def get_db() -> sqlite3.Connection:
    """This request's connection to the configured database."""
    if "db" not in g:
        settings = app_settings()
        g.db = db.connect(settings.database, busy_timeout=settings.db_busy_timeout)
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()
