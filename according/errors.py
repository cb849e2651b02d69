"""One exception hierarchy, so every interface can turn a failure into a one-line message.

Each message names the input and, where there is one, the fix. Messages never carry
credentials: a password in a database URL (``user:secret@``, ``?password=secret``) or in a
fetched URL is masked before the message is built, whatever raised it.
"""

from __future__ import annotations

import re

# user:password@ in any URL, and password=/passwd=/pwd= in query strings or key=value DSNs.
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<user>[^/@\s:]*):(?P<secret>[^/@\s]*)@")
_PASSWORD_PARAM = re.compile(
    r"(?P<key>\b(?:password|passwd|pwd|pass|secret|token|api_key|apikey|access_token)=)(?P<secret>[^&\s;'\"]*)",
    re.IGNORECASE,
)
MASK = "***"


def redact(text: str) -> str:
    """``text`` with URL passwords and ``password=`` values replaced by ``***``."""
    text = _USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}:{MASK}@", text)
    return _PASSWORD_PARAM.sub(lambda m: f"{m['key']}{MASK}", text)


class AccordingError(Exception):
    """Base class: ``str(error)`` is a complete one-line message for a user (credentials masked)."""

    def __init__(self, message: str = "", *args: object) -> None:
        super().__init__(redact(str(message)), *args)


class InputError(AccordingError):
    """An input (file, URL, stdin, record) that cannot be read as an article."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = redact(str(source))
        self.reason = redact(str(reason))
        super().__init__(f"{self.source}: {self.reason}")

    def __reduce__(self):  # type: ignore[no-untyped-def]
        # Worker processes send these back to the parent: rebuild from (source, reason).
        return (type(self), (self.source, self.reason))


class UnexpectedError(InputError):
    """An input that failed in a way no reader expects (a bug, a library's own exception): the
    error boundary reports it as that input's line, and the fuzzers count it as a crash."""


class LimitError(InputError):
    """A document over one of the per-document limits (``according.limits``): too long, too slow."""


class ModelError(AccordingError):
    """A spaCy pipeline or attribution model that cannot be loaded."""


class StoreError(AccordingError):
    """A database that cannot be opened, migrated or written."""


class NoStoreYetError(StoreError):
    """Reading a database nothing was ever stored in: no file, or an empty database (a first
    ingest killed before its schema committed leaves one). Not damage: ingest creates it."""


class NotFoundError(StoreError):
    """A record asked for by id or name that the store does not hold."""


class AmbiguousError(StoreError):
    """A name that fits several records; the message lists them so the user can pick one."""
