"""Pagefind's indexing service (``pagefind --service``), one request and its reply at a time.

pagefind 1.5.2's Python wrapper (``pagefind.service.PagefindService``) sleeps
100 ms before reading each reply, so every page added costs 0.1 s: 2,000
pages took 204 s, the shipped site's 150 some 15 s. This client speaks the
same protocol (base64 JSON messages, each ended by a comma, on the binary's
stdin and stdout) and reads each reply as soon as it arrives. It finds the
binary and builds its requests with the wrapper's own functions and types.

The service ends the moment its stdin closes (``std::process::exit`` in the
thread reading it), whatever it is still doing; ``index.py`` therefore asks
it for the files' bytes and writes them itself (docs/search.md).
"""

from __future__ import annotations

import asyncio
import base64
import json
import tempfile
from typing import Any

from pagefind.service import get_executable
from pagefind.service.types import InternalRequestPayload


# The longest reply: the whole bundle (GetFiles), base64 inside base64. The province's 40 MB bundle is 71 MB.
_LONGEST = 2**30


class PagefindError(Exception):
    """The binary is missing, stopped, or answered a request with an error."""


class Service:
    def __init__(self) -> None:
        self._process: asyncio.subprocess.Process | None = None
        self._log = tempfile.TemporaryFile()  # its stderr, for the error message; a pipe could fill and block it
        self._sent = 0

    async def __aenter__(self) -> Service:
        binary = get_executable()
        if binary is None:
            raise PagefindError("找不到 Pagefind 程序（pagefind_bin_extended 没有安装）")
        try:
            self._process = await asyncio.create_subprocess_exec(
                binary, "--service", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=self._log, limit=_LONGEST)
        except OSError as error:
            raise PagefindError(f"Pagefind 程序 {binary} 无法运行：{error}") from error
        return self

    async def request(self, payload: InternalRequestPayload) -> dict[str, Any]:
        assert self._process is not None and self._process.stdin and self._process.stdout
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode("utf-8")
        try:
            self._process.stdin.write(base64.b64encode(message) + b",")
            await self._process.stdin.drain()
            reply = json.loads(base64.b64decode((await self._process.stdout.readuntil(b","))[:-1]))
        except (OSError, asyncio.IncompleteReadError, ValueError) as error:
            raise PagefindError(f"Pagefind 意外停止：{self._stderr() or error}") from error
        answer = reply["payload"]
        if answer.get("type") == "Error":
            raise PagefindError(f"Pagefind 报错：{answer.get('message')}")
        return answer

    def _stderr(self) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace").strip()[-2000:]

    async def __aexit__(self, *exc: object) -> None:
        if self._process is not None and self._process.returncode is None:
            self._process.stdin.close()
            try:
                await asyncio.wait_for(self._process.wait(), timeout=10)
            except asyncio.TimeoutError:
                self._process.kill()
                await self._process.wait()
        self._log.close()
