"""`papershelf serve --workers N`: N processes (gunicorn, threaded workers) on one socket.

Each process opens its own connections to the same SQLite file (WAL: readers never wait
for a writer; writes take turns). Gunicorn restarts a worker that dies.
"""

from __future__ import annotations

from gunicorn.app.base import BaseApplication


class _Processes(BaseApplication):
    def __init__(self, app, options: dict) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def serve_processes(app, host: str, port: int, threads: int, workers: int) -> None:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    _Processes(
        app,
        {
            "bind": bind,
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "proc_name": "papershelf",
            "accesslog": None,
            "keepalive": 5,
            "control_socket_disable": True,  # one less file outside the instance folder
        },
    ).run()
