"""papershelf's Flask application factory and the request's database connection."""

from __future__ import annotations

import sqlite3

from flask import Flask, current_app, g

from server import db
from server.config import load_config


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask("server", instance_relative_config=True)
    app.config.from_mapping(load_config(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config.get("API_TOKEN"):
        from server.security import load_or_create_token

        app.config["API_TOKEN"] = load_or_create_token(app.instance_path)
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_INGEST_BYTES"]
    app.json.sort_keys = False  # keep the Paper record's documented field order

    from server import security
    from server.routes import errors, export, library, pages, papers, sources

    errors.init_app(app)
    security.init_app(app)
    app.teardown_appcontext(close_db)
    for blueprint in (papers.bp, pages.bp, export.bp, library.bp, sources.bp):
        app.register_blueprint(blueprint)
    return app


def get_db() -> sqlite3.Connection:
    """This request's connection to the configured database."""
    if "db" not in g:
        g.db = db.connect(current_app.config["DATABASE"])
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()
