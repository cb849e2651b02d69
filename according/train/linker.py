"""Fit the link scorer on what the exported tagger actually predicts on PolNeAR train.

Fitting on gold spans alone teaches which cue a *real* piece belongs to, but never that a
stray piece (a false positive, or one whose cue the tagger missed) is better left unlinked.
So the exported model tags the train split; each predicted content piece gets one
row per reachable predicted cue, labelled 1 for the cue overlapping its gold attribution's cue
and 0 otherwise (all 0 for a piece that matches no gold content). Train split only.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from ..attribution.candidates import Context, overlaps
from ..attribution.learned import SpanTagger
from ..attribution.link_scorer import LinkScorer, candidate_features, fit_link_scorer
from ..attribution.linking import _breaks, candidate_cues
from ..eval.polnear import GoldArticle
from .trainer import trim

log = logging.getLogger(__name__)

THRESHOLD = 0.3  # least link probability; chosen on PolNeAR dev among 0.15, 0.2, 0.3, 0.4


def linker_rows(tagger: SpanTagger, articles: list[GoldArticle]) -> tuple[np.ndarray, np.ndarray]:
    """Candidate feature rows and 0/1 labels from the tagger's own spans on gold articles."""
    rows: list[np.ndarray] = []
    labels: list[float] = []
    for art in articles:
        spans = tagger.spans(art.text)
        cues = sorted(o for role, o, _ in spans if role == "Cue")
        context = Context.of(spans)
        breaks = _breaks(art.text)
        owner = {trim(art.text, *p): g for g in art.attributions for p in g.content}
        for role, piece, _ in spans:
            if role != "Content":
                continue
            options = candidate_cues(art.text, cues, piece, breaks)
            if not options:
                continue
            gold = owner.get(trim(art.text, *piece))
            right = next((c for c in options if gold is not None and overlaps(c, gold.cue)), None)
            rows.append(candidate_features(art.text, options, piece, context))
            labels.extend(float(c == right) for c in options)
    return np.concatenate(rows) if rows else np.zeros((0, 0)), np.array(labels)


def fit_linker(model_dir: str | Path, train_articles: list[GoldArticle]) -> LinkScorer | None:
    """The link scorer for an exported model, from its predictions on every train article
    (840: ~45k candidate rows, about three minutes); None when they give no choice to learn."""
    tagger = SpanTagger(model_dir)
    rows, labels = linker_rows(tagger, train_articles)
    if len(set(labels.tolist())) < 2:
        return None
    scorer = fit_link_scorer(rows, labels, THRESHOLD)
    log.info("link scorer fitted on %d candidate rows", len(labels))
    return scorer
