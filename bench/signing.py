"""The corpus's review office: a roster of three reviewers and an administrator, and every item signed.

A province's site as it would be published: every item carries valid 初审, 复审 and 终审 signatures, so
the builds the bench times verify some 37,000 of them, as a real office's would. ssh-keygen would take
minutes for that many, so the signatures are made here, in SSHSIG form (what ``ssh-keygen -Y sign``
writes; tests/test_bench.py checks one with ssh-keygen itself) with keys derived from the corpus's seed:
the same seed signs the same bytes.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import struct
import sys
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "plugins"))

from catalog.records.review import Reviewed  # noqa: E402
from catalog.signoff.roster import ROSTER  # noqa: E402
from catalog.signoff.statement import LEVELS, NAMESPACE, ROSTER_NAMESPACE, Signature, Statement  # noqa: E402
from catalog.signoff.store import signature_file, write_signatures  # noqa: E402

REVIEWERS = {"初审": "周晓梅", "复审": "孙立军", "终审": "郑国华"}
SIGNED_ON = dt.date(2025, 12, 1)  # fixed, so the corpus is the same bytes whenever it is written


def _string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def key(seed: int, who: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"{seed}:{who}".encode()).digest())


def public_line(private: Ed25519PrivateKey, comment: str) -> str:
    return private.public_key().public_bytes(Encoding.OpenSSH, PublicFormat.OpenSSH).decode() + f" {comment}"


def sshsig(private: Ed25519PrivateKey, namespace: str, message: bytes) -> str:
    """The armored signature ``ssh-keygen -Y sign -n namespace`` writes (PROTOCOL.sshsig, ed25519, sha512)."""
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    public = _string(b"ssh-ed25519") + _string(raw)
    signed = (b"SSHSIG" + _string(namespace.encode()) + _string(b"") + _string(b"sha512")
              + _string(hashlib.sha512(message).digest()))
    signature = _string(b"ssh-ed25519") + _string(private.sign(signed))
    blob = (b"SSHSIG" + struct.pack(">I", 1) + _string(public) + _string(namespace.encode()) + _string(b"")
            + _string(b"sha512") + _string(signature))
    text = base64.b64encode(blob).decode()
    lines = [text[i:i + 70] for i in range(0, len(text), 70)]
    return "-----BEGIN SSH SIGNATURE-----\n" + "\n".join(lines) + "\n-----END SSH SIGNATURE-----\n"


def admin_public(seed: int) -> str:
    """What the publishing machine is given as REVIEW_ADMIN_KEY for this corpus."""
    return public_line(key(seed, "admin"), "admin")


def write_roster(root: Path, seed: int) -> None:
    lines = ["reviewers:"]
    for level, name in REVIEWERS.items():
        lines += [f"  - name: {name}", f"    levels: [{level}]", f"    key: {public_line(key(seed, name), name)}"]
    roster = root / ROSTER
    roster.parent.mkdir(parents=True, exist_ok=True)
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    Path(f"{roster}.sig").write_text(sshsig(key(seed, "admin"), ROSTER_NAMESPACE, roster.read_bytes()), encoding="ascii")


def sign_everything(root: Path, seed: int) -> int:
    """Every reviewed item of the corpus at ``root`` signed at all three levels; how many items."""
    from catalog.build import check

    write_roster(root, seed)
    checked = check(PROJECT / "pelicanconf.py", {"PATH": str(root / "content"), "OUTPUT_PATH": str(root / "output"),
                                                 "SITE_BROCHURE": False, "SITE_SEARCH": False})
    keys = {level: key(seed, name) for level, name in REVIEWERS.items()}
    count = 0
    for kind, records in ((k, getattr(checked.site.catalog, k)) for k in ("villages", "initiatives", "routes",
                                                                        "cases", "pages")):
        for item, record in records.items():
            if not isinstance(record, Reviewed):
                continue
            digest = checked.reviews.digest((kind, item))
            signatures = []
            for level in LEVELS:
                statement = Statement(kind, item, digest, level, REVIEWERS[level], SIGNED_ON)
                signatures.append(Signature(level, REVIEWERS[level], SIGNED_ON, digest,
                                            sshsig(keys[level], NAMESPACE, statement.text())))
            write_signatures(signature_file(root, kind, item), signatures)
            count += 1
    return count
