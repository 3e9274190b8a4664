"""An SSHSIG check for the one shape reviewers' signatures have: ed25519, made by ``ssh-keygen -Y sign``.

sshsig (the library) checks any SSHSIG, but spends as long parsing in Python as the ed25519 check itself
takes; a province's 37,000 signatures cost two seconds more than they need. This reads the same fields
(PROTOCOL.sshsig: magic, version 1, public key, namespace, reserved, hash algorithm, signature), compares the
public key with the reviewer's byte for byte, and checks the ed25519 signature over the signed data with
``cryptography``. Anything of another shape is left to sshsig (``None``); tests/test_signoff.py checks that
both agree on real, tampered and foreign signatures.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct

import sshsig
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

_BEGIN, _END = "-----BEGIN SSH SIGNATURE-----", "-----END SSH SIGNATURE-----"
_HASHES = {b"sha256": hashlib.sha256, b"sha512": hashlib.sha512}


class Key:
    """A reviewer's ed25519 key in the forms a check needs: its wire encoding and a cryptography object."""

    def __init__(self, key: sshsig.PublicKey) -> None:
        kind, text = key.openssh_str().split()[:2]
        self.wire = base64.b64decode(text) if kind == "ssh-ed25519" else b""
        self.public = Ed25519PublicKey.from_public_bytes(self.wire[-32:]) if self.wire else None


def _string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def _read(blob: bytes, at: int) -> tuple[bytes, int]:
    (size,) = struct.unpack_from(">I", blob, at)
    end = at + 4 + size
    if end > len(blob):
        raise ValueError("truncated")
    return blob[at + 4:end], end


def check(statement: bytes, armored: str, key: Key, namespace: str) -> bool | None:
    """True or False for an ed25519 signature by ``key``; None for any other shape (sshsig decides those)."""
    if key.public is None:
        return None
    lines = armored.strip().splitlines()
    if len(lines) < 3 or lines[0].strip() != _BEGIN or lines[-1].strip() != _END:
        return False
    try:
        blob = base64.b64decode("".join(line.strip() for line in lines[1:-1]), validate=True)
        if blob[:6] != b"SSHSIG" or struct.unpack_from(">I", blob, 6)[0] != 1:
            return False
        public, at = _read(blob, 10)
        space, at = _read(blob, at)
        reserved, at = _read(blob, at)
        algorithm, at = _read(blob, at)
        signature, at = _read(blob, at)
        kind, inner = _read(signature, 0)
        raw, end = _read(signature, inner)
    except (binascii.Error, ValueError, struct.error):
        return False
    if at != len(blob) or end != len(signature) or kind != b"ssh-ed25519":
        return None if kind != b"ssh-ed25519" else False
    if public != key.wire or space != namespace.encode() or algorithm not in _HASHES:
        return False
    signed = (b"SSHSIG" + _string(space) + _string(reserved) + _string(algorithm)
              + _string(_HASHES[algorithm](statement).digest()))
    try:
        key.public.verify(raw, signed)
    except InvalidSignature:
        return False
    return True
