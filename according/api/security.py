"""What keeps a server safe to leave running: headers, a body cap, a rate limit, tokens, CSRF.

- Every response carries a strict Content-Security-Policy (scripts, styles and everything else
  from this server only; no inline script or style), ``nosniff``, no framing, no referrer.
- A request body over the cap is refused with 413 before it is read whole.
- Extraction is rate-limited per client address (a token bucket), so one client cannot keep
  the extractor busy for everyone.
- Writes need the server's token: ``Authorization: Bearer <token>`` on the API, or the token
  typed into a form that also carries a CSRF token bound to a same-site cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .config import ServeConfig
from .errors import ApiError
from .shared import SharedState

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]
CSRF_COOKIE = "according_csrf"


class SecurityHeaders:
    """ASGI middleware adding ``HEADERS`` to every HTTP response (errors and static files too)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in HEADERS if k not in names
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(
            413,
            f"request body is over the {limit:,}-byte limit; send a smaller article "
            "(the server's --max-bytes sets the limit)",
        )


class BodyLimit:
    """ASGI middleware: refuse a body over ``limit`` bytes, by its Content-Length or as it streams."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            scope.setdefault("state", {})["body_too_large"] = True
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            if scope.get("state", {}).get("body_too_large"):
                raise BodyTooLarge(self.limit)
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        await self.app(scope, counted, send)


class RateLimiter:
    """A token bucket per client: ``burst`` requests at once, refilled at ``per_minute``. The
    buckets live in the server's shared state, so the limit holds across worker processes."""

    def __init__(self, per_minute: float, burst: int, state: SharedState, clients: int = 10_000) -> None:
        self.rate = per_minute / 60.0
        self.burst = max(1, burst)
        self.clients = clients
        self.state = state

    def check(self, client: str) -> None:
        """Take one token for ``client`` or raise 429 saying when to come back."""
        if self.rate <= 0:
            return
        wait = self.state.take(client, rate=self.rate, burst=self.burst, clients=self.clients)
        if wait:
            seconds = int(wait) + 1
            raise ApiError(
                429,
                "rate_limited",
                f"too many extractions from {client}: at most {self.rate * 60:g} a minute; "
                f"try again in {seconds}s",
                {"Retry-After": str(seconds)},
            )


def client_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def check_token(config: ServeConfig, given: str | None) -> None:
    """Allow a write or raise 403 (writes are off) / 401 (no or wrong token)."""
    if config.read_only:
        raise ApiError(403, "read_only", "this server is read-only (started with --read-only)")
    if not config.token:
        raise ApiError(
            403, "read_only", "writes are off: start the server with ACCORDING_TOKEN set to enable them"
        )
    if not given or not hmac.compare_digest(given.encode(), config.token.encode()):
        raise ApiError(
            401,
            "unauthorized",
            "a write needs the server's token: send 'Authorization: Bearer <ACCORDING_TOKEN>'",
            {"WWW-Authenticate": "Bearer"},
        )


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


class Csrf:
    """Form tokens ``nonce.signature`` whose nonce must also be in the same-site cookie; the
    signing secret is the server's (shared by its workers), so any worker accepts the form."""

    def __init__(self, secret: bytes | None = None) -> None:
        self.secret = secret or secrets.token_bytes(32)

    def _sign(self, nonce: str) -> str:
        return hmac.new(self.secret, nonce.encode(), hashlib.sha256).hexdigest()

    def issue(self, request: Request) -> tuple[str, str]:
        """(form token, cookie nonce); reuses the browser's nonce so several tabs keep working."""
        nonce = request.cookies.get(CSRF_COOKIE) or ""
        if not (len(nonce) == 32 and all(c in "0123456789abcdef" for c in nonce)):
            nonce = secrets.token_hex(16)
        return f"{nonce}.{self._sign(nonce)}", nonce

    def check(self, request: Request, token: str | None) -> None:
        nonce, _, signature = (token or "").partition(".")
        cookie = request.cookies.get(CSRF_COOKIE) or ""
        valid = (
            bool(nonce)
            and hmac.compare_digest(signature, self._sign(nonce))
            and hmac.compare_digest(nonce, cookie)
        )
        if not valid:
            raise ApiError(
                403, "csrf", "the form has expired or did not come from this site; reload the page and retry"
            )


def set_csrf_cookie(response: Any, nonce: str) -> None:
    response.set_cookie(CSRF_COOKIE, nonce, httponly=True, samesite="strict", path="/")
