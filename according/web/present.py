"""What the article view shows, built from an ``according/1`` document (stored or just read).

Reads speaker details defensively: ``role``, ``affiliation`` and ``mentions`` show when the
extractor gave them, and an attribution without a speaker reads as unattributed.
"""

from __future__ import annotations

from typing import Any

from ..store.queries import add_chains
from .highlight import pieces


def article_view(data: dict[str, Any]) -> dict[str, Any]:
    doc = data["document"]
    text: str = doc["text"]
    items: list[dict[str, Any]] = data["attributions"]
    if items and "chain" not in items[0]:
        add_chains(data, data.get("outlet") or doc.get("site"))
    children: dict[int, list[int]] = {}
    for i, a in enumerate(items):
        if a.get("parent") is not None:
            children.setdefault(int(a["parent"]), []).append(i)
    entries = [_entry(i, a, text, children.get(i, [])) for i, a in enumerate(items)]
    kinds: dict[str, int] = {}
    for a in items:
        kinds[a["kind"]] = kinds.get(a["kind"], 0) + 1
    return {
        "doc": doc,
        "outlet": data.get("outlet") or doc.get("site"),
        "pieces": pieces(text, items, doc.get("residue") or []),
        "entries": entries,
        "kinds": kinds,
    }


def _entry(i: int, a: dict[str, Any], text: str, children: list[int]) -> dict[str, Any]:
    speaker = a.get("speaker") or {}
    source = a.get("source") or {}
    mentions = []
    for span in speaker.get("mentions") or []:
        try:
            start, end = int(span[0]), int(span[1])
        except (TypeError, ValueError, IndexError):
            continue
        if 0 <= start < end <= len(text):
            mentions.append(text[start:end])
    return {
        "index": i,
        "name": a.get("canonical_speaker") or speaker.get("name") or source.get("text"),
        "type": speaker.get("type"),
        "role": speaker.get("role"),
        "affiliation": speaker.get("affiliation"),
        "mentions": list(dict.fromkeys(mentions))[:12],
        "speaker_id": a.get("speaker_id"),
        "source": source.get("text"),
        "cue": a["cue"]["text"],
        "content": a["content"]["text"],
        "kind": a["kind"],
        "stance": a["stance"],
        "channel": a.get("channel"),
        "parent": a.get("parent"),
        "children": children,
        "chain": a.get("chain") or [],
        "claim_id": a.get("claim_id"),
        "confidence": a.get("confidence"),
    }
