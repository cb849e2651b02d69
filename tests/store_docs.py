"""Hand-built Documents for the store tests: fast, deterministic, no extractor needed."""

from __future__ import annotations

import datetime as dt

from according.document import Article, Attribution, Content, Document, Span, Speaker


def attribution(
    text: str,
    speaker: str | None,
    content: str,
    cue: str,
    *,
    type_: str = "person",
    kind: str = "indirect",
    stance: str = "report",
    channel: str | None = None,
    parent: int | None = None,
) -> Attribution:
    """Offsets found by searching ``text``, so each test reads like the article it stores."""
    c = text.index(content)
    q = text.index(cue)
    source = None
    if speaker is not None and speaker in text:
        s = text.index(speaker)
        source = Span.of(text, s, s + len(speaker))
    return Attribution(
        kind=kind,  # type: ignore[arg-type]
        cue=Span.of(text, q, q + len(cue)),
        content=Content.of(text, [(c, c + len(content))]),
        source=source,
        speaker=Speaker(speaker, type_) if speaker else None,  # type: ignore[arg-type]
        channel=channel,
        stance=stance,  # type: ignore[arg-type]
        parent=parent,
        confidence=0.9,
    )


def document(
    text: str,
    items: list[tuple],
    *,
    outlet: str = "Example News",
    url: str | None = None,
    published: str | None = "2024-03-01",
    title: str | None = None,
) -> Document:
    article = Article(
        text=text,
        url=url,
        canonical_url=url,
        title=title,
        site=outlet,
        published=dt.date.fromisoformat(published) if published else None,
        source=url or title or "test",
    )
    attributions = []
    for item in items:
        *args, kw = item if isinstance(item[-1], dict) else (*item, {})
        attributions.append(attribution(text, *args, **kw))
    return Document(article=article, attributions=tuple(attributions))


LBC = (
    "Vladimir Osechkin told The Times that prisoners were being recruited from jails across the country. "
    "Mr Osechkin said the recruiters promised pardons after six months of fighting."
)
TIMES = (
    "The journalist Vladimir Osechkin said prisoners were being recruited from jails across the country, "
    "and he warned that the numbers would keep rising."
)
GUARDIAN = (
    "Osechkin said that prisoners were being recruited from jails across the country. "
    "The Kremlin denied that any recruitment was taking place."
)
BBC = (
    "Anna Osechkin, a lawyer, said the families of prisoners had not been told. "
    "Ms Osechkin added that the prison service refused to answer letters."
)


def osechkin_documents() -> list[Document]:
    return [
        document(
            LBC,
            [
                (
                    "Vladimir Osechkin",
                    "prisoners were being recruited from jails across the country",
                    "told",
                    {"channel": "The Times"},
                ),
                ("Mr Osechkin", "the recruiters promised pardons after six months of fighting", "said"),
            ],
            outlet="LBC",
            url="https://lbc.example/osechkin",
            published="2024-03-01",
        ),
        document(
            TIMES,
            [
                (
                    "the journalist Vladimir Osechkin",
                    "prisoners were being recruited from jails across the country",
                    "said",
                ),
                ("the journalist Vladimir Osechkin", "the numbers would keep rising", "warned"),
            ],
            outlet="The Times",
            url="https://times.example/recruits",
            published="2024-02-28",
        ),
        document(
            GUARDIAN,
            [
                ("Osechkin", "prisoners were being recruited from jails across the country", "said"),
                (
                    "The Kremlin",
                    "any recruitment was taking place",
                    "denied",
                    {"type_": "organization", "stance": "denial"},
                ),
            ],
            outlet="The Guardian",
            url="https://guardian.example/prisons",
            published="2024-03-02",
        ),
        document(
            BBC,
            [
                ("Anna Osechkin", "the families of prisoners had not been told", "said"),
                ("Ms Osechkin", "the prison service refused to answer letters", "added"),
            ],
            outlet="BBC",
            url="https://bbc.example/families",
            published="2024-03-03",
        ),
    ]
