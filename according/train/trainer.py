"""Fine-tune a small pretrained encoder to tag Source / Cue / Content wordpieces.

Seeded and resumable: a checkpoint (model, optimiser, scheduler, position) is written every
few hundred steps and at each epoch end, and the epoch with the best role F1 on a slice of
PolNeAR *dev* is kept for export. Only the train split is ever used for gradient updates.
"""

from __future__ import annotations

import logging
import math
import random
import time
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from ..attribution.pieces import PieceTokenizer
from ..attribution.tagging import LABELS, ROLES, decode_labels, predict_pieces, viterbi
from ..eval.polnear import GoldArticle
from .data import Example, gold_spans, make_examples, training_windows

log = logging.getLogger(__name__)


@dataclass
class TrainConfig:
    base_model: str  # directory with config.json, model.safetensors, tokenizer.json
    work_dir: str  # checkpoints and logs
    epochs: int = 8
    seed: int = 13
    max_len: int = 256  # wordpieces per window including [CLS]/[SEP]
    stride: int = 224  # inference window step (each kept piece sees >= 15 pieces of context each side)
    layers: int | None = None  # keep only the lowest N encoder layers (None: all six)
    train_stride: int = 254  # training window step: no overlap (cheaper epochs), grid shifted per epoch
    batch_size: int = 8
    lr: float = 1e-4
    warmup: float = 0.06
    weight_decay: float = 0.01
    dropout: float = 0.1
    freeze_embeddings: bool = True  # word embeddings stay fixed: a third fewer weights to update
    freeze_layers: int = 0  # lowest encoder layers kept fixed (backward stops early: cheaper steps)
    checkpoint_every: int = 200
    dev_limit: int = 30  # dev articles used to pick the best epoch
    threads: int = 2
    max_steps: int | None = None  # last update; the learning rate decays to 0 there
    stop_after: int | None = None  # pause (checkpoint, no export) after this update; --resume goes on
    extra: dict = field(default_factory=dict)


class Tagger(nn.Module):
    """Encoder + linear layer over its token states: one BIO label per wordpiece."""

    def __init__(self, encoder: nn.Module, hidden: int, dropout: float):
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(hidden, len(LABELS))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return self.classifier(self.dropout(states))


def build_model(base_model: str, dropout: float, layers: int | None = None) -> Tagger:
    """The pretrained encoder (its lowest ``layers`` layers) under a fresh tagging layer."""
    from transformers import AutoConfig, AutoModel

    config = AutoConfig.from_pretrained(base_model)
    if layers:
        config.num_hidden_layers = min(layers, config.num_hidden_layers)
    if Path(base_model, "model.safetensors").is_file() or Path(base_model, "pytorch_model.bin").is_file():
        encoder = AutoModel.from_pretrained(base_model, config=config, add_pooling_layer=False)
    else:  # a config alone: randomly initialised (tests)
        encoder = AutoModel.from_config(config, add_pooling_layer=False)
    return Tagger(encoder, config.hidden_size, dropout)


def _seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _batches(
    examples: list[Example], cfg: TrainConfig, epoch: int, pad_id: int, cls_id: int, sep_id: int
) -> list[tuple[torch.Tensor, torch.Tensor, torch.Tensor]]:
    """Shuffled padded batches of training windows for one epoch (deterministic per seed/epoch)."""
    rng = random.Random(cfg.seed * 1000 + epoch)
    size = cfg.max_len - 2
    windows = list(training_windows(examples, size, cfg.train_stride, shift=rng.randrange(cfg.train_stride)))
    rng.shuffle(windows)
    out = []
    for b in range(0, len(windows), cfg.batch_size):
        chunk = windows[b : b + cfg.batch_size]
        width = max(len(ids) for ids, _ in chunk) + 2
        ids = torch.full((len(chunk), width), pad_id, dtype=torch.long)
        mask = torch.zeros((len(chunk), width), dtype=torch.long)
        labels = torch.full((len(chunk), width), -100, dtype=torch.long)
        for i, (wi, wl) in enumerate(chunk):
            n = len(wi)
            ids[i, 0], ids[i, n + 1] = cls_id, sep_id
            ids[i, 1 : n + 1] = torch.from_numpy(wi)
            labels[i, 1 : n + 1] = torch.from_numpy(wl)
            mask[i, : n + 2] = 1
        out.append((ids, mask, labels))
    return out


def steps_per_epoch(examples: list[Example], cfg: TrainConfig) -> int:
    n = sum(1 for _ in training_windows(examples, cfg.max_len - 2, cfg.train_stride))
    return math.ceil(n / cfg.batch_size)


_TRIM = frozenset("\"'`“”‘’«»")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past surrounding whitespace, punctuation and quote marks."""

    def junk(ch: str) -> bool:
        return ch.isspace() or ch in _TRIM or unicodedata.category(ch).startswith("P")

    while start < end and junk(text[start]):
        start += 1
    while end > start and junk(text[end - 1]):
        end -= 1
    return start, end


def role_f1(predicted: list[dict[str, set]], gold: list[dict[str, set]]) -> dict[str, float]:
    """Exact-match F1 (percent) per role over trimmed spans, micro-averaged over articles."""
    scores = {}
    for role in ROLES:
        tp = sum(len(p[role] & g[role]) for p, g in zip(predicted, gold, strict=True))
        np_ = sum(len(p[role]) for p in predicted)
        ng = sum(len(g[role]) for g in gold)
        prec, rec = tp / np_ if np_ else 0.0, tp / ng if ng else 0.0
        scores[role] = 100 * 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return scores


def evaluate_spans(model: Tagger, tokenizer: PieceTokenizer, articles: list[GoldArticle], cfg: TrainConfig):
    """Role span F1 of the current model on gold articles (same decoding as at run time)."""
    model.eval()

    def forward(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return model(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()

    predicted, gold = [], []
    for art in articles:
        pieces = tokenizer.encode(art.text)
        logp = predict_pieces(
            pieces.ids,
            forward,
            size=cfg.max_len,
            stride=cfg.stride,
            cls_id=tokenizer.cls_id,
            sep_id=tokenizer.sep_id,
            pad_id=tokenizer.pad_id,
        )
        spans = decode_labels(viterbi(logp), pieces.offsets)
        predicted.append({r: {trim(art.text, *o) for role, o, _ in spans if role == r} for r in ROLES})
        gold.append({r: {trim(art.text, *o) for o in v} for r, v in gold_spans(art).items()})
    model.train()
    return role_f1(predicted, gold)


Progress = Callable[[dict], None]


def train(
    cfg: TrainConfig,
    train_articles: list[GoldArticle],
    dev_articles: list[GoldArticle],
    progress: Progress | None = None,
    resume: bool = False,
) -> tuple[Tagger, dict]:
    """Fine-tune, checkpointing into ``cfg.work_dir``; returns the best model and its dev scores."""
    torch.set_num_threads(cfg.threads)
    _seed(cfg.seed)
    work = Path(cfg.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(work / "train.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        return _train(cfg, work, train_articles, dev_articles, progress, resume)
    finally:
        log.removeHandler(handler)
        handler.close()


def _train(
    cfg: TrainConfig,
    work: Path,
    train_articles: list[GoldArticle],
    dev_articles: list[GoldArticle],
    progress: Progress | None,
    resume: bool,
) -> tuple[Tagger, dict]:
    tokenizer = PieceTokenizer(Path(cfg.base_model) / "tokenizer.json")
    examples = make_examples(train_articles, tokenizer)
    dev = dev_articles[: cfg.dev_limit]
    model = build_model(cfg.base_model, cfg.dropout, cfg.layers)
    if cfg.freeze_embeddings:
        model.encoder.embeddings.requires_grad_(False)
    layers: Any = model.encoder.encoder.layer  # type: ignore[union-attr]
    for layer in layers[: cfg.freeze_layers]:
        layer.requires_grad_(False)
    no_decay = ("bias", "LayerNorm.weight", "LayerNorm.bias")
    trainable = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    params = [
        {
            "params": [p for n, p in trainable if not any(k in n for k in no_decay)],
            "weight_decay": cfg.weight_decay,
        },
        {"params": [p for n, p in trainable if any(k in n for k in no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(params, lr=cfg.lr)
    per_epoch = steps_per_epoch(examples, cfg)
    total = per_epoch * cfg.epochs
    if cfg.max_steps:
        total = min(total, cfg.max_steps)
    warm = max(1, int(total * cfg.warmup))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    state: dict[str, Any] = {"epoch": 0, "batch": 0, "step": 0, "history": [], "best": None}
    ckpt = work / "checkpoint.pt"
    if resume and ckpt.is_file():
        saved = torch.load(ckpt, weights_only=False)
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        scheduler.load_state_dict(saved["scheduler"])
        state = saved["state"]
        torch.set_rng_state(saved["torch_rng"])
        log.info("resumed at epoch %d batch %d (step %d)", state["epoch"], state["batch"], state["step"])

    def save() -> None:
        tmp = work / "checkpoint.pt.tmp"
        torch.save(
            {
                "model": model.state_dict(),
                "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(),
                "state": state,
                "torch_rng": torch.get_rng_state(),
                "config": asdict(cfg),
            },
            tmp,
        )
        tmp.replace(ckpt)

    model.train()
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    started = time.perf_counter()
    done = False
    while state["epoch"] < cfg.epochs and not done:
        batches = _batches(
            examples, cfg, state["epoch"], tokenizer.pad_id, tokenizer.cls_id, tokenizer.sep_id
        )
        while state["batch"] < len(batches):
            ids, mask, labels = batches[state["batch"]]
            logits = model(ids, mask)
            loss = loss_fn(logits.reshape(-1, len(LABELS)), labels.reshape(-1))
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            state["batch"] += 1
            state["step"] += 1
            info = {
                "epoch": state["epoch"],
                "batch": state["batch"],
                "batches": len(batches),
                "step": state["step"],
                "total": total,
                "loss": loss.item(),
                "elapsed": time.perf_counter() - started,
            }
            if progress:
                progress(info)
            if state["step"] % 25 == 0:
                log.info("epoch %(epoch)d step %(step)d/%(total)d loss %(loss).4f %(elapsed).0fs", info)
            if state["step"] % cfg.checkpoint_every == 0:
                save()
            if state["step"] >= total:  # the schedule is spent (epochs vary by a few windows)
                done = True
                break
            if cfg.stop_after and state["step"] >= cfg.stop_after:
                save()
                log.info("paused after step %d", state["step"])
                return model.eval(), {**state, "paused": True}
        scores = evaluate_spans(model, tokenizer, dev, cfg) if dev else {}
        mean = sum(scores.values()) / len(scores) if scores else -float(loss)
        state["history"].append({"epoch": state["epoch"], "step": state["step"], "dev": scores})
        log.info("epoch %d done: dev %s", state["epoch"], scores)
        if progress:
            progress({"epoch_done": state["epoch"], "dev": scores})
        if state["best"] is None or mean > state["best"]["mean"]:
            state["best"] = {"epoch": state["epoch"], "mean": mean, "dev": scores}
            torch.save(model.state_dict(), work / "best.pt")
        state["epoch"] += 1
        state["batch"] = 0
        save()
    model.load_state_dict(torch.load(work / "best.pt"))
    model.eval()
    return model, state
