"""The live preview behind `invoke serve`: rebuild on every change, show problems in the browser.

The site is served from ``output/`` as built. A watcher rebuilds when a story,
record, photo, template or rule changes, telling the rebuild which paths
changed; open pages reload themselves when a rebuild finishes (a small script
this server adds to every page it sends: the files in ``output/`` are never
changed). When a rebuild fails, ``output/`` keeps the last good site, as with
every build, and every page shows the problems instead, so no one mistakes a
stale page for their edit. What takes longer than the pages (the brochure, the
search index) is brought up to date just after them, by ``finish``, in the background.

The preview shows drafts nobody has reviewed, so only this machine may read it:
the server listens on the loopback address, and answers only requests whose
Host is localhost, 127.0.0.1 or [::1] at its port (or a name the settings
allow, ``PREVIEW_HOSTS``). Without the Host check, any web page open in the
browser could read the preview by DNS rebinding: its own name, resolved again to
127.0.0.1, makes the browser treat the preview as that page's own site.
"""

from __future__ import annotations

import html
import http.server
import json
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from .failures import WriteFailed
from .workers import WorkerFailed
from .records.problems import BuildFailed

# A rebuild that fails for a reason that is not a content problem (a template staff edited, a worker that
# ran out of memory): shown like a content problem, so the preview keeps running and says what to do.
_UNEXPECTED = ("生成网站时出现意外错误：{kind}: {error}\n"
               "如果刚修改过 theme/ 里的模板，请检查刚改的地方；否则请再保存一次，仍然出错请把这段提示发给技术人员。")


def _unexpected(error: Exception) -> str:
    return _UNEXPECTED.format(kind=type(error).__name__, error=error)


# Failures whose message is already written for staff (the build could not write, a worker died): shown as they are.
_SAID = (BuildFailed, WorkerFailed, WriteFailed)

LOOPBACK = ("localhost", "127.0.0.1", "[::1]")
# Sent instead of the page when the Host is not this machine's: plain text, so the echoed host is never markup.
_REFUSED = ("预览只能在本机打开：http://localhost:{port}/ 。这个请求用的地址是“{host}”，已拒绝——"
            "预览里有尚未审核的稿件，别的网站可能借这个地址读取它们。"
            "如果确实要用这个地址打开预览，请把它加到 pelicanconf.py 的 PREVIEW_HOSTS 里，再重新运行 make serve。\n")

STATE_URL = "/__preview__/state"
# Polls the server once a second and reloads the page when a newer build (or failure) is there.
_RELOAD = """<script>(function(){var seen=%d;setInterval(function(){fetch("%s",{cache:"no-store"})
.then(function(r){return r.json()}).then(function(s){if(s.generation!==seen)location.reload()})
.catch(function(){})},1000)})();</script>"""


@dataclass(frozen=True)
class BuildState:
    generation: int  # one more after every rebuild, good or bad (and after the finishing that follows one)
    failure: str | None  # the report staff would see in the terminal, when the last build failed
    seconds: float
    finished: bool = False  # this is the finishing: the brochure and search index made after the pages


def error_page(state: BuildState) -> str:
    lines = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in (state.failure or "").splitlines())
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>网站没有生成：请改正下面的问题</title>
<style>body{{font:18px/1.6 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}}
h1{{color:#a4000f}}li{{margin:.5rem 0}}code{{white-space:pre-wrap;word-break:break-all;font-size:1rem}}</style>
</head><body><main>
<h1>网站没有生成：请改正下面的问题</h1>
<p>保存修改后，这个页面会自动刷新。<code>output/</code> 里仍是上一次成功生成的网站，没有被改动。</p>
<ol>{lines}</ol>
</main>{_RELOAD % (state.generation, STATE_URL)}</body></html>"""


@dataclass(frozen=True)
class Access:
    """Who may read the preview: the address it listens on, and the host names it answers to besides
    localhost, 127.0.0.1 and [::1] (``name``, or ``name:port`` for a port other than the preview's own)."""

    bind: str = "127.0.0.1"
    hosts: tuple[str, ...] = ()

    @classmethod
    def from_pelican(cls, settings: dict) -> Access:
        return cls(bind=str(settings.get("PREVIEW_BIND") or "127.0.0.1"),
                   hosts=tuple(str(h).strip().lower() for h in settings.get("PREVIEW_HOSTS") or ()))

    def allows(self, host: str | None, port: int) -> bool:
        """Whether a request whose Host header is ``host`` came to the preview listening on ``port``."""
        if not host:
            return False  # HTTP/1.1 requires it, and every browser sends it
        host = host.strip().lower()
        if host in self.hosts:
            return True
        name, given = _split_host(host)
        return name in (*LOOPBACK, *self.hosts) and given in (None, port)


def _split_host(host: str) -> tuple[str, int | None]:
    """``name[:port]`` or ``[v6]:port`` -> (name, port or None); a port that is not a number is -1."""
    if host.rfind(":") <= host.rfind("]"):
        return host, None
    name, _, port = host.rpartition(":")
    return name, int(port) if port.isdigit() else -1


class Preview:
    """Holds the latest build's outcome; rebuilds on demand or on every change to ``watched``.

    ``rebuild`` is given the paths that changed (None: unknown, everything); ``finish``, when given, is
    run in the background after each good rebuild and returns whether it changed the site.
    """

    def __init__(self, rebuild: Callable[[set[Path] | None], object], output: Path, watched: Iterable[Path],
                 report: Callable[[BuildState], None] = lambda state: None,
                 finish: Callable[[], bool] | None = None, access: Access = Access(), live: bool = True):
        """``live``: pages reload themselves after a rebuild; off to look at a finished build as it will be served."""
        self.live = live
        self._rebuild = rebuild
        self.output = output
        self.access = access
        self.watched = [p for p in watched if p.exists()]
        self._report = report
        self._finish = finish
        self._lock = threading.Lock()
        self.state = BuildState(0, None, 0.0)

    def rebuild(self, changed: set[Path] | None = None) -> BuildState:
        with self._lock:  # one build at a time; changes during a build trigger the next one
            started = time.perf_counter()
            try:
                self._rebuild(changed)
                failure = None
            except _SAID as failed:
                failure = str(failed)
            except Exception as error:  # noqa: BLE001 - the watcher must outlive any one rebuild
                failure = _unexpected(error)
            state = self.state = BuildState(self.state.generation + 1, failure, time.perf_counter() - started)
        self._report(state)
        if failure is None and self._finish is not None:
            threading.Thread(target=self._finish_after, daemon=True).start()
        return state

    def _finish_after(self) -> None:
        started = time.perf_counter()
        try:
            changed, failure = self._finish(), None
        except _SAID as failed:
            changed, failure = True, str(failed)
        except Exception as error:  # noqa: BLE001 - as in rebuild
            changed, failure = True, _unexpected(error)
        if not changed:
            return
        with self._lock:
            state = self.state = BuildState(self.state.generation + 1, failure, time.perf_counter() - started, True)
        self._report(state)

    def watch(self, stop: threading.Event) -> None:
        # watchfiles groups a burst of saves (an editor writing a temp file, then renaming) into one change set.
        for changes in watchfiles.watch(*self.watched, stop_event=stop, debounce=300, raise_interrupt=False):
            self.rebuild({Path(path) for _, path in changes})

    def server(self, port: int = 8000) -> http.server.ThreadingHTTPServer:
        """The server on ``access.bind`` (loopback unless the settings say otherwise) and ``port`` (0: any free)."""
        preview = self

        class Handler(_Handler):
            def __init__(self, *args: object, **kwargs: object) -> None:
                self.preview = preview
                super().__init__(*args, directory=str(preview.output), **kwargs)

        server = _Server6 if ":" in self.access.bind else http.server.ThreadingHTTPServer
        return server((self.access.bind.strip("[]"), port), Handler)


class _Server6(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6


class _Handler(http.server.SimpleHTTPRequestHandler):
    preview: Preview

    def log_message(self, *args: object) -> None:
        pass  # staff watch the rebuild messages, not one line per request

    def parse_request(self) -> bool:
        """Every request, whatever its method, is answered only when its Host is allowed."""
        if not super().parse_request():
            return False
        hosts = self.headers.get_all("Host") or []
        port = self.server.server_address[1]
        if len(hosts) == 1 and self.preview.access.allows(hosts[0], port):
            return True
        self.close_connection = True
        shown = (hosts[0] if hosts else "")[:100]
        self._send(403, "text/plain; charset=utf-8", _REFUSED.format(port=port, host=shown))
        return False

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        state = self.preview.state
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == STATE_URL:
            return self._send(200, "application/json", json.dumps({"generation": state.generation,
                                                                   "ok": state.failure is None}))
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        is_page = file.suffix == ".html" or not file.suffix
        if is_page and not self.preview.live:
            if file.is_file():
                return super().do_GET()
            missing = self.preview.output / "404.html"
            return self._send(404, "text/html; charset=utf-8", missing.read_text(encoding="utf-8")
                              if missing.is_file() else "404")
        if is_page and state.failure is not None:
            return self._send(500, "text/html; charset=utf-8", error_page(state))
        if is_page:
            status = 200 if file.is_file() else 404
            page = file if status == 200 else self.preview.output / "404.html"
            if page.is_file():
                text = page.read_text(encoding="utf-8")
                script = _RELOAD % (state.generation, STATE_URL)
                return self._send(status, "text/html; charset=utf-8", text.replace("</body>", script + "</body>", 1))
        return super().do_GET()

    def _send(self, status: int, content_type: str, body: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(data)
