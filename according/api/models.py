"""The API's edge: pydantic models for what comes in and goes out (and the OpenAPI schema).

Documents mirror the ``according/1`` contract; records mirror what ``according.store.queries``
returns, so the CLI's ``--format json`` and the API give the same fields. Speaker models allow
extra fields, so a newer extractor's speaker details (role, affiliation, mentions) pass through.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..document import KINDS, SCHEMA, STANCES

assert SCHEMA == "according/1", "DocumentOut names the schema it mirrors"

Kind = Literal["direct", "indirect", "mixed", "unattributed"]
Stance = Literal["report", "assert", "distance", "belief", "speculation", "factive", "denial"]
assert set(Kind.__args__) == set(KINDS) and set(Stance.__args__) == set(STANCES)  # type: ignore[attr-defined]

T = TypeVar("T")


# ---- requests -------------------------------------------------------------------------------
def _one_of_inputs(schema: dict[str, Any]) -> None:
    """The schema says what the validator enforces: exactly one input, each a non-empty string."""
    for name in ("text", "html", "url"):
        schema["properties"][name] = {**schema["properties"][name], "type": "string", "minLength": 1}
        schema["properties"][name].pop("anyOf", None)
        schema["properties"][name].pop("default", None)
    schema["oneOf"] = [{"required": [name]} for name in ("text", "html", "url")]


class ExtractRequest(BaseModel):
    """Exactly one of ``text`` (plain text, kept as given), ``html`` (a web page) or ``url``."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_one_of_inputs)

    text: str | None = Field(None, description="Plain text of one article, kept exactly as given.")
    html: str | None = Field(None, description="The HTML of one web page; its main text is extracted.")
    url: str | None = Field(None, description="An http(s) URL to download (public addresses only).")
    title: str | None = Field(None, max_length=1000, description="Title, when the input carries none.")
    outlet: str | None = Field(None, max_length=300, description="Outlet (site) name, when it carries none.")
    published: str | None = Field(
        None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="Publication date YYYY-MM-DD, when it carries none."
    )

    @model_validator(mode="after")
    def _one_input(self) -> ExtractRequest:
        given = [k for k in ("text", "html", "url") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of 'text', 'html' or 'url'"
                + (f" (got {', '.join(given)})" if given else "")
            )
        return self


# ---- the according/1 document ---------------------------------------------------------------
class SpanOut(BaseModel):
    text: str
    start: int
    end: int


class ContentOut(BaseModel):
    text: str
    spans: list[list[int]]


class SpeakerOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str
    type: str
    role: str | None = None
    affiliation: str | None = None
    mentions: list[list[int]] | None = None


class AttributionOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    kind: Kind
    source: SpanOut | None
    speaker: SpeakerOut | None
    cue: SpanOut
    content: ContentOut
    channel: str | None
    stance: Stance
    parent: int | None
    confidence: float | None = None


class ArticleOut(BaseModel):
    path: str | None
    url: str | None
    canonical_url: str | None
    title: str | None
    byline: str | None
    published: str | None
    site: str | None
    language: str | None
    residue: list[list[int]]
    text: str


class DocumentOut(BaseModel):
    """An ``according/1`` document: the article and its attributions with character offsets."""

    model_config = ConfigDict(populate_by_name=True)

    schema_: Literal["according/1"] = Field("according/1", alias="schema")
    document: ArticleOut
    attributions: list[AttributionOut]


class StoredAttributionOut(AttributionOut):
    speaker_id: int | None
    canonical_speaker: str | None
    claim_id: int | None
    chain: list[str]


class StoredDocumentOut(DocumentOut):
    id: int
    outlet: str
    attributions: list[StoredAttributionOut]  # type: ignore[assignment]


class StoredOut(BaseModel):
    """What ``POST /api/v1/articles`` did with the article."""

    id: int
    status: Literal["new", "updated", "unchanged"]
    attributions: int
    url: str = Field(description="Where the stored article is: its API record.")
    page: str = Field(description="Where a person reads it.")


# ---- records --------------------------------------------------------------------------------
class Page(BaseModel, Generic[T]):
    """One page of a list: ``total`` items in all, ``next`` and ``previous`` pages as links."""

    items: list[T]
    total: int
    limit: int
    offset: int
    next: str | None
    previous: str | None


class ArticleSummary(BaseModel):
    id: int
    title: str | None
    outlet: str
    date: str | None
    url: str | None
    source: str | None
    lead: str = Field(description="The first 200 characters of the text (a title for untitled articles).")
    attributions: int
    claims: int
    speakers: int


class SpeakerSummary(BaseModel):
    id: int
    name: str
    type: str
    ambiguous: bool = Field(description="A bare surname nothing tied to one person (merge it when known).")
    aliases: list[str]
    claims: int
    outlets: dict[str, int]


class SpeakerName(BaseModel):
    name: str
    reason: str | None = Field(description="Why this name is this speaker.")
    manual: bool
    type: str | None


class SpeakerDetail(SpeakerSummary):
    names: list[SpeakerName]
    by_month: dict[str, int]
    by_month_outlet: dict[str, dict[str, int]]
    attributions: str = Field(description="Link to this speaker's attributions, latest first.")


class SpeakerAttribution(BaseModel):
    id: int
    date: str | None
    outlet: str
    article: int
    position: int
    claim: int | None
    kind: str
    stance: str
    cue: str
    content: str
    channel: str | None
    title: str | None


class ClaimSummary(BaseModel):
    id: int
    speaker: str | None
    speaker_id: int | None
    text: str
    appearances: int
    outlets: int
    first_seen: str | None
    last_seen: str | None
    responds_to: int | None = Field(description="The claim this one denies or contradicts.")
    response: str | None = Field(description="denial | contradiction, when it answers a claim.")


class Appearance(BaseModel):
    date: str | None
    outlet: str
    article: int
    attribution: int
    position: int
    title: str | None
    url: str | None
    speaker: str | None
    cue: str
    content: str
    kind: str
    stance: str
    channel: str | None
    chain: list[str]


class ClaimAnswered(BaseModel):
    id: int
    text: str
    kind: str | None


class ClaimResponse(BaseModel):
    id: int
    text: str
    kind: str | None
    speaker: str | None


class ClaimDetail(BaseModel):
    id: int
    text: str
    speaker: str | None
    responds_to: ClaimAnswered | None
    responses: list[ClaimResponse]
    first_appearance: Appearance | None
    echoed_by: list[str]
    echoes: list[Appearance]
    appearances: list[Appearance]
    chain: list[str]


class AttributionRow(BaseModel):
    id: int
    article: int
    position: int
    date: str | None
    outlet: str
    title: str | None
    url: str | None
    speaker: str | None
    speaker_id: int | None
    speaker_name: str | None
    speaker_type: str | None
    source: str | None
    source_start: int | None
    source_end: int | None
    cue: str
    cue_start: int
    cue_end: int
    content: str
    content_spans: list[list[int]]
    kind: str
    stance: str
    channel: str | None
    parent: int | None
    confidence: float | None
    claim: int | None


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. not_found, bad_input, rate_limited.")
    message: str = Field(description="One line for a person: what is wrong with which input, and the fix.")


class ErrorOut(BaseModel):
    """Every error, whatever the status."""

    error: ErrorDetail


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` documenting these error statuses with the one error shape."""
    words = {
        400: "Bad request (e.g. a speaker name that fits several speakers, a body that is not JSON).",
        401: "No token, or the wrong one.",
        403: "Writes are off (read-only server, or no ACCORDING_TOKEN set).",
        404: "No such record.",
        405: "Method not allowed here.",
        413: "The request body is over the size limit.",
        422: "Invalid parameters, or an input that cannot be read as an article.",
        429: "Too many extractions from this client; see Retry-After.",
        503: "The server has no usable database, or the model cannot load.",
    }
    return {s: {"model": ErrorOut, "description": words[s]} for s in statuses}


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    version: str
    store: str
    writable: bool
    extractor: str
