"""What stands around every request, whatever route answers it: the access token, the security headers,
the one-line access log, and a plain 500 page as the very last resort.

A pure ASGI wrapper outside Starlette's own middleware, so that nothing (a 404, a 413, Starlette's own
500 page) leaves without the headers, and nothing is served without the token.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
import time
from typing import Awaitable, Callable

__all__ = ["Guard", "SECURITY_HEADERS", "ACCESS_LOG"]

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                               "base-uri 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}
"""On every response: no scripts at all, nothing fetched from elsewhere, never framed, never cached."""

ACCESS_LOG = logging.getLogger("dhr_check.web")
"""Method, path, status and duration of each request, and nothing else (no query, no file name, no address)."""

_PLAIN_500 = (b"<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>Something went wrong"
              b"</title></head><body><h1>Something went wrong</h1><p>The server met an unexpected error; nothing "
              b"you sent was kept. Try again, or ask the partnership.</p></body></html>")

_UNAUTHORISED = (b"<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>Access token needed"
                 b"</title></head><body><h1>Access token needed</h1><p>This page needs the access token the "
                 b"partnership gave you: give it as the password (any user name will do).</p></body></html>")

Scope, Message = dict, dict
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class Guard:
    """Token check (when a token is set), security headers, access log and last-resort 500 around `app`."""

    def __init__(self, app, token: str | None = None):
        self.app = app
        self._token = token.encode("utf-8") if token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status, sent = time.monotonic(), [500], [False]

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                sent[0] = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode("latin-1").lower()
                           not in SECURITY_HEADERS and k.lower() != b"set-cookie"]
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        try:
            if self._token is not None and not self._authorised(scope):
                await _plain(guarded_send, 401, _UNAUTHORISED,
                             [(b"www-authenticate", b'Basic realm="dhr-check"')])
            else:
                await self.app(scope, receive, guarded_send)
        except Exception:       # already answered by Starlette's 500 handler, or not answered at all
            if not sent[0]:
                await _plain(guarded_send, 500, _PLAIN_500)
        finally:
            ACCESS_LOG.info("%s %s %d %.3fs", scope.get("method", ""), scope.get("path", ""), status[0],
                            time.monotonic() - started)

    def _authorised(self, scope: Scope) -> bool:
        """The token as HTTP Basic auth's password (any user name) or as a Bearer token, compared in constant time."""
        given = b""
        for name, value in scope.get("headers", []):
            if name.lower() == b"authorization":
                given = value
        scheme, _, credentials = given.partition(b" ")
        if scheme.lower() == b"bearer":
            candidate = credentials.strip()
        elif scheme.lower() == b"basic":
            try:
                candidate = base64.b64decode(credentials.strip(), validate=True).partition(b":")[2]
            except (binascii.Error, ValueError):
                candidate = b""
        else:
            candidate = b""
        return hmac.compare_digest(candidate, self._token)


async def _plain(send: Send, status: int, body: bytes, extra: list[tuple[bytes, bytes]] = ()) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/html; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *extra]})
    await send({"type": "http.response.body", "body": body})
