"""Write a trained tagger as a self-contained model directory for onnxruntime.

The directory holds ``model.onnx`` (int8 dynamically quantised: ~4x smaller and faster on CPU),
``tokenizer.json`` and ``config.json``, which marks it as an according model and records the
labels, windowing, training data and dev scores — everything the runtime needs, no torch.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from pathlib import Path

import torch

from ..attribution.pieces import BREAK_TOKEN
from ..attribution.tagging import LABELS
from .trainer import Tagger, TrainConfig

log = logging.getLogger(__name__)

FORMAT = "according-tagger/1"


def export(
    model: Tagger,
    cfg: TrainConfig,
    out: str | Path,
    *,
    name: str = "according-attribution",
    version: str = "2.1",
    training_data: str = "PolNeAR train",
    dev_scores: dict | None = None,
    quantize: bool = True,
) -> Path:
    """Export ``model`` to ``out`` (created or overwritten) and return the directory."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    model = model.eval()
    ids = torch.full((2, 16), 1000, dtype=torch.long)
    mask = torch.ones_like(ids)
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "model.onnx"
        torch.onnx.export(
            model,
            (ids, mask),
            str(raw),
            input_names=["input_ids", "attention_mask"],
            output_names=["logits"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "seq"},
                "attention_mask": {0: "batch", 1: "seq"},
                "logits": {0: "batch", 1: "seq"},
            },
            opset_version=17,
            dynamo=False,
        )
        target = out / "model.onnx"
        if quantize:
            # Gather too: the word-embedding table is otherwise half the file in float32.
            quantize_dynamic(
                str(raw), str(target), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul", "Gather"]
            )
        else:
            shutil.copyfile(raw, target)
    shutil.copyfile(Path(cfg.base_model) / "tokenizer.json", out / "tokenizer.json")
    config = {
        "format": FORMAT,
        "name": name,
        "version": version,
        "labels": list(LABELS),
        "max_len": cfg.max_len,
        "stride": cfg.stride,
        "break_token": BREAK_TOKEN,
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)",
        "training_data": training_data,
        "quantized": quantize,
        "rules": "all",  # how LearnedExtractor merges rule candidates (chosen on dev, see MODEL_CARD.md)
        "dev_scores": dev_scores or {},
        "train_config": {k: v for k, v in vars(cfg).items() if k not in ("base_model", "work_dir", "extra")},
    }
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    log.info("exported model to %s", out)
    return out
