"""The records every stage passes along: an Article in, a Document with Attributions out.

They are frozen so that a document handed to the store, the CLI or a spaCy ``Doc`` cannot be
changed behind another stage's back, and every offset is a Python ``str`` index into
``Article.text`` so any claim can be checked against the exact text it came from.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace
from typing import Any, Literal

SCHEMA = "according/1"

Kind = Literal["direct", "indirect", "mixed", "unattributed"]

SpeakerType = Literal["person", "organization", "group"]
Stance = Literal["report", "assert", "distance", "belief", "speculation", "factive", "denial"]

KINDS: tuple[str, ...] = ("direct", "indirect", "mixed", "unattributed")
SPEAKER_TYPES: tuple[str, ...] = ("person", "organization", "group")
STANCES: tuple[str, ...] = (
    "report",
    "assert",
    "distance",
    "belief",
    "speculation",
    "factive",
    "denial",
)


@dataclass(frozen=True)
class Span:
    """A contiguous piece of the article text, ``text == article.text[start:end]``."""

    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Span:
        return cls(text=data["text"], start=int(data["start"]), end=int(data["end"]))

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """Build a span from offsets so ``text`` can never disagree with them."""
        return cls(text=text[start:end], start=start, end=end)


@dataclass(frozen=True)
class Content:
    """What is claimed. Possibly discontinuous (a quote interrupted by "he said", or a quote
    running over several paragraphs), hence a tuple of ``(start, end)`` spans in text order.
    ``text`` joins the pieces with a single space for reading; ``spans`` are the truth."""

    text: str
    spans: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "spans": [[s, e] for s, e in self.spans]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Content:
        return cls(text=data["text"], spans=tuple((int(s), int(e)) for s, e in data["spans"]))

    @classmethod
    def of(cls, text: str, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> Content:
        ordered = tuple(sorted((int(s), int(e)) for s, e in spans if e > s))
        return cls(text=" ".join(text[s:e] for s, e in ordered), spans=ordered)


@dataclass(frozen=True)
class Speaker:
    """Who the source resolves to within the article ("he" -> "Vladimir Osechkin").

    ``name`` is the most complete name the article gives that entity; ``mentions`` the
    ``(start, end)`` character spans of the chain used to resolve it (the source among them);
    ``role`` ("spokesperson") and ``affiliation`` ("Border Health Service") only when the text
    states them."""

    name: str
    type: SpeakerType
    mentions: tuple[tuple[int, int], ...] = ()
    role: str | None = None
    affiliation: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "mentions": [[s, e] for s, e in self.mentions],
            "role": self.role,
            "affiliation": self.affiliation,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Speaker | None:
        """The speaker of a stored attribution; None for no speaker, including the
        ``{"name": "", "type": "none"}`` that documents written before speakers were
        nullable carry for unattributed claims."""
        if not data or data.get("type") == "none":
            return None
        return cls(
            name=data["name"],
            type=data["type"],
            mentions=tuple((int(s), int(e)) for s, e in data.get("mentions") or ()),
            role=data.get("role"),
            affiliation=data.get("affiliation"),
        )


@dataclass(frozen=True)
class Attribution:
    """One claim: who (source/speaker) says (cue) what (content), how firmly (stance),
    through whom (channel). ``parent`` is the index of the enclosing attribution in the
    document's list when this claim is reported inside another one."""

    kind: Kind
    cue: Span
    content: Content
    source: Span | None = None
    speaker: Speaker | None = None
    channel: str | None = None
    stance: Stance = "report"
    parent: int | None = None
    confidence: float | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "source": self.source.to_json() if self.source else None,
            "speaker": self.speaker.to_json() if self.speaker else None,
            "cue": self.cue.to_json(),
            "content": self.content.to_json(),
            "channel": self.channel,
            "stance": self.stance,
            "parent": self.parent,
        }
        if self.confidence is not None:
            data["confidence"] = round(self.confidence, 4)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Attribution:
        return cls(
            kind=data["kind"],
            source=Span.from_json(data["source"]) if data.get("source") else None,
            speaker=Speaker.from_json(data.get("speaker")),
            cue=Span.from_json(data["cue"]),
            content=Content.from_json(data["content"]),
            channel=data.get("channel"),
            stance=data.get("stance", "report"),
            parent=data.get("parent"),
            confidence=data.get("confidence"),
        )


@dataclass(frozen=True)
class Article:
    """An article as ingested: its text exactly as read (never rewritten) plus metadata.

    ``residue`` lists ``(start, end)`` ranges of ``text`` that are page furniture rather than
    reporting ("Listen to this article", "Read more: ...", photo credits); extraction must not
    produce attributions from them. ``source`` is where it came from (path, URL, or
    ``warc:<file>#<record>``), used in error messages and as a store key of last resort.
    """

    text: str
    path: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    byline: str | None = None
    published: _dt.date | None = None
    site: str | None = None
    language: str | None = None
    residue: tuple[tuple[int, int], ...] = ()
    source: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "url": self.url,
            "canonical_url": self.canonical_url,
            "title": self.title,
            "byline": self.byline,
            "published": self.published.isoformat() if self.published else None,
            "site": self.site,
            "language": self.language,
            "residue": [[s, e] for s, e in self.residue],
            "text": self.text,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Article:
        published = data.get("published")
        return cls(
            text=data["text"],
            path=data.get("path"),
            url=data.get("url"),
            canonical_url=data.get("canonical_url"),
            title=data.get("title"),
            byline=data.get("byline"),
            published=_dt.date.fromisoformat(published) if published else None,
            site=data.get("site"),
            language=data.get("language"),
            residue=tuple((int(s), int(e)) for s, e in data.get("residue") or ()),
            source=data.get("source") or data.get("path") or data.get("url"),
        )

    def in_residue(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps a residue range."""
        return any(start < r_end and r_start < end for r_start, r_end in self.residue)


@dataclass(frozen=True)
class Document:
    """The result of extraction over one article; serialises to the ``according/1`` JSON."""

    article: Article
    attributions: tuple[Attribution, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        return self.article.text

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "document": self.article.to_json(),
            "attributions": [a.to_json() for a in self.attributions],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        if data.get("schema") != SCHEMA:
            raise ValueError(f"unsupported schema {data.get('schema')!r}, expected {SCHEMA!r}")
        return cls(
            article=Article.from_json(data["document"]),
            attributions=tuple(Attribution.from_json(a) for a in data["attributions"]),
        )

    def with_attributions(self, attributions: list[Attribution] | tuple[Attribution, ...]) -> Document:
        return replace(self, attributions=tuple(attributions))
