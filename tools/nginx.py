"""Debian's nginx serving a built site on 127.0.0.1, with the project's own configuration (hosting/nginx/).

For tests/test_hosting.py and ``invoke lighthouse``: nginx runs as a child of this process (not a
daemon), with its own prefix, pid file, logs and temporary folders under ``work``, so it needs no root
and touches nothing of the machine's own nginx. ``hosting/nginx/dangjian.conf`` is used as it is, with
only its CHANGE values replaced (the ports, the certificate, the root); a self-signed certificate for
127.0.0.1 is made for its HTTPS server. Its plain-HTTP server only redirects, as on a real server, so one
more server block serves the same snippet (``dangjian-site.conf``) on plain HTTP, for Chromium and
Lighthouse (which refuses a certificate it cannot check).

    ports = Ports.free()                 # before the build: SITE_PUBLIC_URL=ports.site
    with running(site_root, work, ports) as server:
        server.http      # "http://127.0.0.1:PORT/": the site
        server.https     # "https://127.0.0.1:PORT/": the site as configured for production (HSTS)
        server.redirect  # "http://127.0.0.1:PORT/": dangjian.conf's port-80 server
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HOSTING = Path(__file__).resolve().parent.parent / "hosting" / "nginx"
NGINX = "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
MIME_TYPES = Path("/etc/nginx/mime.types")
# dangjian.conf's values for one site, and what a test server puts in their place.
PRODUCTION = {
    "listen 80;\n    listen [::]:80;": "listen 127.0.0.1:{redirect};",
    "listen 443 ssl http2;\n    listen [::]:443 ssl http2;": "listen 127.0.0.1:{https} ssl http2;",
    "/etc/ssl/dangjian/fullchain.pem": "{work}/certificate.pem",
    "/etc/ssl/dangjian/privkey.pem": "{work}/key.pem",
    "root /srv/dangjian/current;": "root {root};",
}


@dataclass(frozen=True)
class Ports:
    """Free ports on 127.0.0.1, chosen before the site is built (a public build names its own address)."""

    http: int
    https: int
    redirect: int

    @classmethod
    def free(cls) -> Ports:
        sockets = [socket.socket() for _ in range(3)]
        try:
            for s in sockets:
                s.bind(("127.0.0.1", 0))
            return cls(*(s.getsockname()[1] for s in sockets))
        finally:
            for s in sockets:
                s.close()

    @property
    def site(self) -> str:
        """The site's address on plain HTTP: what SITE_PUBLIC_URL is for a build served here."""
        return f"http://127.0.0.1:{self.http}/"


@dataclass(frozen=True)
class Server:
    http: str
    https: str
    redirect: str
    access_log: Path


def available() -> str | None:
    """Why nginx cannot run here (None: it can)."""
    if not Path(NGINX).is_file():
        return f"{NGINX} is missing: install Debian's nginx (packages.apt; make bootstrap)"
    if not BROTLI_MODULE.is_file():
        return f"{BROTLI_MODULE} is missing: install libnginx-mod-http-brotli-static (packages.apt)"
    return None


def _certificate(work: Path) -> None:
    """A self-signed certificate for 127.0.0.1, valid for a day."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
                   .not_valid_after(now + dt.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False)
                   .sign(key, hashes.SHA256()))
    (work / "certificate.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (work / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                     serialization.NoEncryption()))


def site_config(root: Path, work: Path, ports: Ports) -> str:
    """dangjian.conf with this machine's values in place of the production ones, and the plain-HTTP server."""
    text = (HOSTING / "dangjian.conf").read_text(encoding="utf-8")
    for production, here in PRODUCTION.items():
        if production not in text:
            raise ValueError(f"hosting/nginx/dangjian.conf no longer has {production!r}: update tools/nginx.py")
        text = text.replace(production, here.format(redirect=ports.redirect, https=ports.https, work=work, root=root))
    return text + f"""
# Added by tools/nginx.py: the same site on plain HTTP, for Chromium and Lighthouse.
server {{
    listen 127.0.0.1:{ports.http};
    root {root};
    include snippets/dangjian-site.conf;
}}
"""


def main_config(work: Path) -> str:
    user = "user root;\n" if os.geteuid() == 0 else ""  # as root, workers would run as nobody, who cannot read tmp
    temp = "\n".join(f"    {kind}_temp_path {work}/temp/{kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                                                "uwsgi", "scgi"))
    return f"""{user}load_module {BROTLI_MODULE};
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log notice;
events {{
    worker_connections 256;
}}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    sendfile on;
    access_log {work}/access.log;
{temp}
    include site.conf;
}}
"""


@contextlib.contextmanager
def running(root: Path, work: Path, ports: Ports | None = None) -> Iterator[Server]:
    """nginx serving ``root`` (a built site, or a deploy target's ``current``) until the block ends."""
    why = available()
    if why:
        raise RuntimeError(why)
    conf = work / "conf"
    (conf / "snippets").mkdir(parents=True, exist_ok=True)
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / "temp" / kind).mkdir(parents=True, exist_ok=True)
    shutil.copy(HOSTING / "dangjian-site.conf", conf / "snippets" / "dangjian-site.conf")
    _certificate(work)
    ports = ports or Ports.free()
    (conf / "site.conf").write_text(site_config(root.absolute(), work.absolute(), ports), encoding="utf-8")
    (conf / "nginx.conf").write_text(main_config(work.absolute()), encoding="utf-8")
    process = subprocess.Popen([NGINX, "-p", str(work), "-c", str(conf / "nginx.conf"), "-e", str(work / "error.log")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_until_listening(process, [ports.http, ports.https, ports.redirect], work / "error.log")
        yield Server(ports.site, f"https://127.0.0.1:{ports.https}/", f"http://127.0.0.1:{ports.redirect}/",
                     work / "access.log")
    finally:
        if process.poll() is None:
            process.terminate()  # SIGTERM: nginx's master stops its worker and exits
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stderr is not None:
            process.stderr.close()


def _wait_until_listening(process: subprocess.Popen, ports: list[int], log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise RuntimeError(f"nginx stopped at once ({process.returncode}): {said}"
                               f"{log.read_text(errors='replace') if log.exists() else ''}")
        if all(_listening(port) for port in ports):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on {ports} within 10 s")


def _listening(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
        return True
    return False
