"""One exception hierarchy, so every interface can turn a failure into a one-line message.

Each message names the input and, where there is one, the fix.
"""

from __future__ import annotations


class AccordingError(Exception):
    """Base class: ``str(error)`` is a complete one-line message for a user."""


class InputError(AccordingError):
    """An input (file, URL, stdin, record) that cannot be read as an article."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class ModelError(AccordingError):
    """A spaCy pipeline or attribution model that cannot be loaded."""


class StoreError(AccordingError):
    """A database that cannot be opened, migrated or written."""


class NotFoundError(StoreError):
    """A record asked for by id or name that the store does not hold."""


class AmbiguousError(StoreError):
    """A name that fits several records; the message lists them so the user can pick one."""
