"""Firefox for the browser tests: Debian's firefox-esr, driven by Puppeteer over WebDriver
BiDi in a node process (tests/browser/firefox/runner.mjs) that runs one scenario per request.

    with FirefoxRunner(extension_dir_or_zip, tmp) as firefox:
        firefox.run("pair", serverUrl=..., token=...)
        result = firefox.run("save", url=..., card=0)

`run` fails the test when the scenario fails or any console error (page, content script,
the extension's background) was seen while it ran. Install what it needs with
`apt-get install firefox-esr` and `PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix
tests/browser/firefox` (scripts/test.sh does both).
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path

from tests.browser.harness import fixture_routes

RUNNER_DIR = Path(__file__).resolve().parent / "firefox"
FIREFOX_CANDIDATES = ("/usr/bin/firefox-esr", "/usr/bin/firefox")
START_TIMEOUT = 90  # s: Firefox's first start on a cold machine
SCENARIO_TIMEOUT = 60


def firefox_path() -> str:
    explicit = os.environ.get("PAPERSHELF_FIREFOX")
    for candidate in (explicit, *FIREFOX_CANDIDATES):
        if candidate and Path(candidate).exists():
            return candidate
    raise RuntimeError("Firefox not found: apt-get install firefox-esr (or set PAPERSHELF_FIREFOX)")


class ScenarioFailed(AssertionError):
    pass


class FirefoxRunner:
    def __init__(self, extension: Path, workdir: Path) -> None:
        if not (RUNNER_DIR / "node_modules" / "puppeteer-core").is_dir():
            raise RuntimeError(
                "puppeteer-core is not installed: "
                "PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tests/browser/firefox"
            )
        self.downloads = workdir / "downloads"
        self.downloads.mkdir(parents=True, exist_ok=True)
        routes = workdir / "routes.json"
        routes.write_text(
            json.dumps({url: [str(path), kind] for url, (path, kind) in fixture_routes().items()}),
            encoding="utf-8",
        )
        self.command = [
            shutil.which("node") or "node",
            str(RUNNER_DIR / "runner.mjs"),
            "--extension", str(extension),
            "--routes", str(routes),
            "--downloads", str(self.downloads),
            "--firefox", firefox_path(),
        ]  # fmt: skip
        self.info: dict = {}
        self._next_id = 0
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._stderr: list[str] = []
        self._process: subprocess.Popen | None = None
        self._readers: list[threading.Thread] = []

    def __enter__(self) -> FirefoxRunner:
        self._process = subprocess.Popen(
            self.command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=RUNNER_DIR,
        )
        self._readers = [
            threading.Thread(target=self._read, args=(self._process.stdout, True), daemon=True),
            threading.Thread(target=self._read, args=(self._process.stderr, False), daemon=True),
        ]
        for reader in self._readers:
            reader.start()
        self.info = self._next_message(START_TIMEOUT)
        if not self.info.get("ready"):
            self.__exit__()
            raise RuntimeError(f"Firefox did not start: {self.info.get('error')}")
        return self

    def __exit__(self, *_exc) -> None:
        if self._process is None:
            return
        if self._process.stdin:
            self._process.stdin.close()  # the runner closes Firefox at the end of its input
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        for reader in self._readers:
            reader.join(10)
        self._process.stdout.close()
        self._process.stderr.close()
        self._process = None

    def answer(self, scenario: str, **args) -> dict:
        """The runner's whole answer: {ok, result | error, errors}."""
        self._next_id += 1
        request = {"id": self._next_id, "scenario": scenario, "args": args}
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()
        answer = self._next_message(SCENARIO_TIMEOUT)
        assert answer.get("id") == self._next_id, answer
        return answer

    def run(self, scenario: str, **args):
        """The scenario's result; fails on a scenario error or any console error."""
        answer = self.answer(scenario, **args)
        if not answer["ok"]:
            raise ScenarioFailed(f"Firefox scenario {scenario} failed:\n{answer['error']}")
        if answer["errors"]:
            raise ScenarioFailed("console errors in Firefox:\n" + "\n".join(answer["errors"]))
        return answer["result"]

    def _read(self, stream, is_stdout: bool) -> None:
        for line in stream:
            if is_stdout:
                self._lines.put(line)
            else:
                self._stderr.append(line.rstrip())
        if is_stdout:
            self._lines.put(None)

    def _next_message(self, timeout: float) -> dict:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise ScenarioFailed(f"Firefox runner gave no answer in {timeout} s") from None
        if line is None:
            tail = "\n".join(self._stderr[-20:])
            raise ScenarioFailed(f"Firefox runner exited:\n{tail}")
        return json.loads(line)
