"""A seconds-long training run of a tiny random encoder: trains, exports to ONNX, reloads.

Proves the whole `according train` path (labels, batches, checkpoint/resume, export,
quantisation, config.json, runtime loading) without the real model's hours of CPU.
"""

from __future__ import annotations

import json
import shutil

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("onnx")

from according.attribution import SHIPPED_MODEL_DIR, load_extractor  # noqa: E402
from according.attribution.learned import SpanTagger  # noqa: E402
from according.eval.polnear import GoldArticle, GoldAttribution  # noqa: E402
from according.train.run import run_training  # noqa: E402
from according.train.trainer import TrainConfig, train  # noqa: E402

SENTENCES = [
    ("The mayor", "said", "the bridge will reopen in May"),
    ("Ms. Ortiz", "argued", "the budget is too small"),
    ("Officials", "believe", "the storm will pass quickly"),
    ("The coach", "told reporters", "his team was ready"),
]


def article(i: int) -> GoldArticle:
    _parts, atts = [], []
    text = ""
    for k in range(3):
        source, cue, content = SENTENCES[(i + k) % len(SENTENCES)]
        start = len(text)
        sentence = f"{source} {cue} {content}.\n\n"
        s = (start, start + len(source))
        c = (s[1] + 1, s[1] + 1 + len(cue))
        t = (c[1] + 1, c[1] + 1 + len(content))
        atts.append(GoldAttribution(cue=(c,), content=(t,), source=(s,)))
        text += sentence
    return GoldArticle(name=f"a{i}", text=text, attributions=tuple(atts), annotator="x")


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory):
    base = tmp_path_factory.mktemp("base")
    config = {
        "model_type": "bert",
        "architectures": ["BertModel"],
        "vocab_size": 30522,
        "hidden_size": 16,
        "num_hidden_layers": 2,
        "num_attention_heads": 2,
        "intermediate_size": 32,
        "max_position_embeddings": 64,
        "type_vocab_size": 2,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.0,
        "attention_probs_dropout_prob": 0.0,
        "pad_token_id": 0,
    }
    (base / "config.json").write_text(json.dumps(config))
    shutil.copyfile(SHIPPED_MODEL_DIR / "tokenizer.json", base / "tokenizer.json")
    return base


def test_tiny_training_exports_a_loadable_model(tiny_base, tmp_path):
    out = tmp_path / "model"
    articles = [article(i) for i in range(6)]
    seen = []
    scores = run_training(
        articles,
        articles[:2],
        out=out,
        base_model=str(tiny_base),
        epochs=2,
        seed=1,
        threads=1,
        progress=seen.append,
        max_len=32,
        stride=16,
        train_stride=30,
        batch_size=4,
        lr=5e-3,
        layers=None,
        freeze_layers=0,
        freeze_embeddings=False,
        dev_limit=2,
    )
    assert [s["step"] for s in seen if "loss" in s] == list(range(1, len(seen) - 1))
    assert any("dev" in s for s in seen)
    config = json.loads((out / "config.json").read_text())
    assert config["format"] == "according-tagger/1" and config["max_len"] == 32
    assert config["content_end"]["trees"]["roots"]  # the content-end stage, fitted on train
    assert set(scores) == set(config["dev_scores"]) and "content exact F1" in scores
    assert (out / "model.onnx").stat().st_size > 0 and (out / "tokenizer.json").is_file()
    # The runtime reloads it with onnxruntime alone; offsets always index the text.
    text = articles[0].text
    for _role, (start, end), prob in SpanTagger(out).spans(text):
        assert 0 <= start < end <= len(text) and 0.0 <= prob <= 1.0
    assert load_extractor(str(out)).name.startswith("according-attribution")


def test_resume_continues_from_the_checkpoint(tiny_base, tmp_path):
    articles = [article(i) for i in range(4)]
    cfg = TrainConfig(
        base_model=str(tiny_base),
        work_dir=str(tmp_path),
        epochs=1,
        seed=2,
        threads=1,
        max_len=32,
        stride=16,
        train_stride=30,
        batch_size=4,
        layers=None,
        freeze_layers=0,
        dev_limit=1,
    )
    _, first = train(cfg, articles, articles[:1])
    cfg.epochs, cfg.stop_after = 2, first["step"] + 1
    _, paused = train(cfg, articles, articles[:1], resume=True)
    assert paused["paused"] and paused["step"] == first["step"] + 1  # stopped inside the second epoch
    cfg.stop_after = None
    steps: list[dict] = []
    _, second = train(cfg, articles, articles[:1], progress=steps.append, resume=True)
    done = [s["step"] for s in steps if "loss" in s]
    assert done[0] == first["step"] + 2 and second["step"] == 2 * first["step"]
    assert [h["epoch"] for h in second["history"]] == [0, 1]


def test_train_cli_names_a_missing_corpus(tmp_path):
    from typer.testing import CliRunner

    from according.cli import app

    result = CliRunner().invoke(
        app, ["train", "--polnear", str(tmp_path / "nowhere"), "--out", str(tmp_path / "m")]
    )
    assert result.exit_code != 0 and "nowhere" in result.output and "--polnear" in result.output
