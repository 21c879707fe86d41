"""papershelf's Flask application factory, its settings and the request's database connection."""

from __future__ import annotations

import sqlite3
import threading

from flask import Flask, current_app, g

from server import store
from server.config import Settings, instance_path, load_settings
from server.store import db
from server.store.state_watch import StateWatch

SETTINGS_KEY = "papershelf"
CONNECTIONS_KEY = "papershelf.connections"


def create_app(test_config: dict | None = None) -> Flask:
    """The app with settings from the instance folder and environment; `test_config`
    (upper-case setting names, plus Flask's own keys such as TESTING) overrides them."""
    app = Flask("server", instance_path=str(instance_path()), instance_relative_config=True)
    settings = load_settings(app.instance_path, overrides=test_config)
    if not settings.api_token:
        from server.install_token import load_or_create_token

        settings = settings.with_changes(api_token=load_or_create_token(app.instance_path))
    app.extensions[SETTINGS_KEY] = settings
    app.extensions[CONNECTIONS_KEY] = Connections(settings.database, settings.db_busy_timeout)
    app.config.from_mapping({k: v for k, v in (test_config or {}).items() if k.isupper()})
    app.config["MAX_CONTENT_LENGTH"] = settings.max_ingest_bytes
    app.json.sort_keys = False  # keep the Paper record's documented field order

    from server import security
    from server.routes import errors, export, front, library, pages, papers, sources

    errors.init_app(app)
    security.init_app(app)
    app.teardown_appcontext(close_db)
    for blueprint in (papers.bp, pages.bp, export.bp, library.bp, sources.bp):
        app.register_blueprint(blueprint)
    # Outermost: it logs and heads every answer, and sends kept ones without Flask.
    app.wsgi_app = front.Front(app)
    return app


def app_settings(app: Flask | None = None) -> Settings:
    """The settings of `app` (default: the app handling this request or command)."""
    return (app or current_app).extensions[SETTINGS_KEY]


class Connections:
    """One connection per server thread, opened once and kept: a request pays for no
    connect, no WAL switch and no migration. The first connection of the process migrates."""

    def __init__(self, database: str, busy_timeout: float) -> None:
        self.database, self.busy_timeout = database, busy_timeout
        self._local = threading.local()
        self._migrated = False
        self._lock = threading.Lock()
        self._state = StateWatch(lambda conn: store.store_state(conn))

    def store_state(self) -> store.StoreState:
        """The store's state, read through this thread's connection only when something
        has committed since the last read (store/state_watch.py)."""
        return self._state.state(self.get())

    def get(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            with self._lock:
                if not self._migrated:
                    conn = db.connect(self.database, busy_timeout=self.busy_timeout)
                    self._migrated = True
            if conn is None:
                conn = db.open_connection(self.database, busy_timeout=self.busy_timeout)
            self._local.conn = conn
        return conn


def get_db() -> sqlite3.Connection:
    """This thread's connection to the configured database."""
    if "db" not in g:
        g.db = current_app.extensions[CONNECTIONS_KEY].get()
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    """The connection stays open for the thread's next request; a request that failed
    inside a transaction must not leave it open."""
    conn = g.pop("db", None)
    if conn is not None:
        db.rollback_if_open(conn)
