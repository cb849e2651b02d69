"""The trained extractor: an ONNX wordpiece tagger finds spans, distance links them, and
the rule finder's attributions are merged in (rules first, the model where they found nothing).

Runtime needs onnxruntime, tokenizers and numpy only (no torch). The model directory is what
``according train`` writes (see ``according.train.export``): ``config.json`` (labels,
window size), ``model.onnx`` and ``tokenizer.json``. Spans become ``Candidate``s, which the
shared ``enrich.finalize`` step describes (kind, speaker, stance, channel, nesting) from the
spaCy parse — the same description the rule finder gets.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from ..document import Article, Document
from ..errors import ModelError
from ..nlp.apostrophes import parse_text
from . import DEFAULT_BATCH_SIZE
from .candidates import Candidate, Offsets, overlaps
from .edges import ContentEnds
from .link_scorer import LinkScorer
from .linking import link
from .pieces import PieceTokenizer
from .tagging import LABELS, decode_labels, predict_pieces, viterbi

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)
T = TypeVar("T")

FORMAT = "according-tagger/1"


def _threads() -> int:
    """ONNX threads: ``OMP_NUM_THREADS`` when set (a Spark task sets it to its cores, so
    concurrent tasks do not oversubscribe the machine), else up to 4 of the machine's cores."""
    configured = os.environ.get("OMP_NUM_THREADS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, min(4, os.cpu_count() or 1))


class SpanTagger:
    """Loads a model directory and tags article texts with (role, offsets, probability) spans."""

    def __init__(
        self,
        path: str | Path,
        threads: int | None = None,
        windows_per_call: int = 8,
        stride: int | None = None,
    ):
        import onnxruntime as ort

        self.path = Path(path)
        try:
            self.config = json.loads((self.path / "config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(
                f"{self.path}: cannot read config.json ({exc}); re-export with `according train`"
            ) from exc
        if self.config.get("format") != FORMAT or list(self.config.get("labels", [])) != list(LABELS):
            raise ModelError(
                f"{self.path}: not an {FORMAT} model (format {self.config.get('format')!r}); "
                "re-export it with this version's `according train`"
            )
        for needed in ("model.onnx", "tokenizer.json"):
            if not (self.path / needed).is_file():
                raise ModelError(
                    f"{self.path}: model directory lacks {needed}; re-export with `according train`"
                )
        options = ort.SessionOptions()
        self.threads = threads or _threads()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        # Idle workers sleep instead of spinning: the same speed, a third less CPU burnt (measured).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            self.session = ort.InferenceSession(
                str(self.path / "model.onnx"), options, providers=["CPUExecutionProvider"]
            )
            self.tokenizer = PieceTokenizer(self.path / "tokenizer.json")
        except Exception as exc:  # onnxruntime raises its own exception types
            raise ModelError(f"{self.path}: cannot load the model ({exc})") from exc
        # fitted after the tagger, both optional: a model exported without them still loads
        self.scorer: LinkScorer | None = self._stage("linker", LinkScorer.from_config)
        self.content_ends: ContentEnds | None = self._stage("content_end", ContentEnds.from_config)
        self.max_len = int(self.config["max_len"])
        self.stride = int(stride or self.config["stride"])
        self.windows_per_call = windows_per_call  # encoder windows per onnxruntime call

    def _stage(self, key: str, load: Callable[[dict[str, Any]], T]) -> T | None:
        """The stage stored under ``key`` in config.json, None when absent; a clear error when
        it cannot be read."""
        if key not in self.config:
            return None
        try:
            return load(self.config[key])
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(
                f"{self.path}: unusable {key} in config.json ({exc}); re-export with `according train`"
            ) from exc

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return self.session.run(["logits"], {"input_ids": ids, "attention_mask": mask})[0]

    def spans(self, text: str) -> list[tuple[str, tuple[int, int], float]]:
        """(role, (start, end), mean probability) for every tagged span, whitespace-trimmed."""
        pieces = self.tokenizer.encode(text)
        logp = predict_pieces(
            pieces.ids,
            self._forward,
            size=self.max_len,
            stride=self.stride,
            cls_id=self.tokenizer.cls_id,
            sep_id=self.tokenizer.sep_id,
            pad_id=self.tokenizer.pad_id,
            batch_size=self.windows_per_call,
        )
        path = viterbi(logp)
        probs = np.exp(logp[np.arange(len(path)), path]) if len(path) else np.zeros(0)
        out = []
        for role, (start, end), score in decode_labels(path, pieces.offsets, probs):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                out.append((role, (start, end), score))
        return out

    def candidates(self, text: str) -> list[Candidate]:
        return link(text, self.spans(text), scorer=self.scorer)


RULE_MODES = ("rules-first", "nested", "all", "none")


def add_rule_candidates(model: list[Candidate], rules: list[Candidate], mode: str) -> list[Candidate]:
    """Combine the model's candidates with the rule finder's.

    ``rules-first`` (default, best on PolNeAR dev): every rule attribution, plus the model's
    attributions in text the rules left alone — the rules are precise where their patterns
    fire, the model covers what they miss. ``nested``: the model's, plus rule attributions
    whose cue lies inside a content the model found (one tag per token cannot nest).
    ``all``: ``nested`` plus rule attributions in text where the model tagged nothing.
    ``none``: the model alone.
    """
    if mode == "none":
        return model
    if mode == "rules-first":
        spans = [p for c in rules for p in (*c.cue, *c.content, *c.source)]
        return list(rules) + [m for m in model if not any(overlaps(p, spans) for p in (*m.cue, *m.content))]
    contents = [p for c in model for p in c.content]
    taken = [p for c in model for p in (*c.cue, *c.source)]
    out = list(model)
    for r in rules:
        cue = r.cue[0]
        if overlaps(cue, taken):
            continue
        inside = any(s <= cue[0] and cue[1] <= e for s, e in contents)
        if inside or (mode == "all" and not any(overlaps(p, contents) for p in (*r.cue, *r.content))):
            out.append(r)
    return out


_PASSIVE = re.compile(
    r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?\w+(?:ed|en|wn|ht)\b", re.IGNORECASE
)


def _paragraphs(text: str, spans: tuple[Offsets, ...]) -> int:
    return len({text.count("\n", 0, s) for s, _ in spans})


def _inside(piece: Offsets, spans: tuple[Offsets, ...]) -> bool:
    return any(s <= piece[0] and piece[1] <= e for s, e in spans)


def _covered(text: str, pieces: tuple[Offsets, ...], spans: tuple[Offsets, ...]) -> bool:
    """Every word character of ``pieces`` lies in ``spans`` (a model span running across a
    paragraph break is covered by the rules' one span per paragraph)."""
    return all(_inside((i, i + 1), spans) for s, e in pieces for i in range(s, e) if text[i].isalnum())


def _open_quote(text: str, end: int) -> bool:
    """The paragraph holding ``end`` ends with its quotation still open (news reopens it in
    the next paragraph): no closing mark at the paragraph's end."""
    stop = text.find("\n", end)
    tail = text[end : len(text) if stop < 0 else stop].rstrip()
    last = (text[:end].rstrip() + tail)[-1:]
    return last not in "\"”’'"


def decisive(text: str, rule: Candidate, rivals: list[Candidate]) -> bool:
    """Where the rule finder's reading of a claim beats the model's candidates on the same words:

    * a claim nobody is named for ("it's been claimed", "Putin is claimed to have", "there is
      speculation"), where the model borrowed a source from the words after the cue
      ("observers believing ...") or read a passive's dummy subject as the claim;
    * a quotation the model stopped at the end of a paragraph that leaves it open;
    * "told The Times dissident agents would ...": the rules leave the outlet out of the claim;
    * "He claims this demonstrates how ...": the model stopped at the first word of the clause.
    """
    if not rule.source:
        cue_end = rule.cue[-1][1]
        cue = text[rule.cue[0][0] : cue_end]
        if " " in cue.strip() and not all(overlaps(m.cue[0], rule.cue) for m in rivals):
            return False  # the model read other claims there; only "there is <noun> X" overrules them
        if all(m.source for m in rivals):
            # a source borrowed from after the cue, or the claim's own subject ("The mayor is
            # claimed to have ..."), which the rules read as part of what is claimed
            return all(m.source[0][0] >= cue_end or _covered(text, m.source, rule.content) for m in rivals)
        return bool(_PASSIVE.search(cue))
    if len(rivals) != 1 or not overlaps(rivals[0].cue[0], rule.cue):
        return False
    model = rivals[0]
    # "told The Times dissident agents would ...": a name between cue and claim is the
    # addressee, whether the model swallowed it or cut the claim's subject after it
    words = text[rule.cue[-1][1] : rule.content[0][0]].split()
    if 0 < len(words) <= 6 and all(w[:1].isupper() for w in words if w.lower() != "the"):
        return model.content[0][0] != rule.content[0][0] and model.content[-1][1] == rule.content[-1][1]
    if _covered(text, model.content, rule.content):
        if _paragraphs(text, rule.content) > _paragraphs(text, model.content):
            return _open_quote(text, model.content[-1][1])
        size = sum(e - s for s, e in model.content)
        return model.content[0][0] == rule.content[0][0] and 3 * size < sum(e - s for s, e in rule.content)
    return False


def prefer_rules(text: str, merged: list[Candidate], rules: list[Candidate]) -> list[Candidate]:
    """Swap the model's candidates for the rule candidate on the same claim where the rules'
    reading is decisive (see ``decisive``); the rivals are the model candidates whose cue
    overlaps the rule's cue or falls inside its content."""
    out = list(merged)
    for rule in rules:
        if rule in out:
            continue
        rivals = [
            m
            for m in out
            if m.finder != "rules"
            and (overlaps(m.cue[0], rule.cue) or any(_inside(c, rule.content) for c in m.cue))
        ]
        if rivals and decisive(text, rule, rivals):
            out = [m for m in out if not any(m is r for r in rivals)] + [_with_model_cue(rule, rivals)]
    return out


def _with_model_cue(rule: Candidate, rivals: list[Candidate]) -> Candidate:
    """The rule's claim with the model's cue words where both found the same cue: the model
    learned where PolNeAR draws a cue's bounds ("said" without its colon)."""
    same = [m for m in rivals if overlaps(m.cue[0], rule.cue)]
    if len(same) != 1:
        return rule
    cue = same[0].cue
    content = tuple(p for p in rule.content if not any(overlaps(p, [c]) for c in cue))
    return replace(rule, cue=cue, content=content or rule.content)


class LearnedExtractor:
    """Extractor protocol over the trained tagger; spaCy parses for the describing step."""

    def __init__(
        self,
        path: str | Path,
        spacy_model: str | None = None,
        threads: int | None = None,
        rules: str | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ):
        self.tagger = SpanTagger(path, threads=threads)
        self.batch_size = batch_size
        self.rules = rules or self.tagger.config.get("rules", "rules-first")
        if self.rules not in RULE_MODES:
            raise ModelError(
                f"{path}: unknown rules mode {self.rules!r}; choose one of {', '.join(RULE_MODES)}"
            )
        self.name = f"{self.tagger.config.get('name', 'model')}-{self.tagger.config.get('version', '?')}"
        self.spacy_model = spacy_model
        self._nlp = None
        #: The content-end stage (None: contents end where the tagger and the rules put them).
        self.content_ends = self.tagger.content_ends

    @property
    def nlp(self):
        if self._nlp is None:
            from ..nlp.pipeline import load_spacy

            self._nlp = load_spacy(self.spacy_model)
        return self._nlp

    def extract_doc(self, doc: Doc, article: Article, tagged: list[Candidate] | None = None) -> Document:
        """The attributions of ``article`` from its parse ``doc`` (made by this or any pipeline);
        ``tagged``: the tagger's candidates for its text when they were computed ahead."""
        from .enrich import finalize
        from .rules import find_candidates

        candidates = self.tagger.candidates(article.text) if tagged is None else tagged
        if self.rules != "none":
            rules = find_candidates(doc)
            candidates = prefer_rules(article.text, add_rule_candidates(candidates, rules, self.rules), rules)
        attributions = finalize(doc, article, candidates)
        if self.content_ends is not None:
            attributions = self.content_ends.refine(doc, article.text, attributions)
        return Document(article=article, attributions=attributions)

    def extract(self, article: Article) -> Document:
        return self.extract_doc(self.nlp(parse_text(article.text)), article)

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Document]:
        """Parses ``batch_size`` articles at a time through ``nlp.pipe``: streaming, bounded memory.

        The tagger reads only the text, so a second thread tags the next batch while this one is
        parsed and described: onnxruntime releases the GIL, and the two stages share the cores
        instead of taking turns. At most two batches are in hand. A process given one core
        (``OMP_NUM_THREADS=1``, as a Spark task with one CPU is) takes the stages in turn."""
        it = iter(articles)
        if self.tagger.threads < 2:
            while batch := list(itertools.islice(it, self.batch_size)):
                parsed = self.nlp.pipe((parse_text(a.text) for a in batch), batch_size=len(batch))
                for article, doc in zip(batch, parsed, strict=True):
                    yield self.extract_doc(doc, article)
            return

        def ahead(pool: ThreadPoolExecutor) -> tuple[list[Article], list[Future[list[Candidate]]]]:
            batch = list(itertools.islice(it, self.batch_size))
            return batch, [pool.submit(self.tagger.candidates, a.text) for a in batch]

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="according-tagger") as pool:
            batch, tagged = ahead(pool)
            while batch:
                following = ahead(pool)
                parsed = self.nlp.pipe((parse_text(a.text) for a in batch), batch_size=len(batch))
                for article, doc, job in zip(batch, parsed, tagged, strict=True):
                    yield self.extract_doc(doc, article, job.result())
                batch, tagged = following
