"""Does extraction time grow linearly with article length? Time per KB and peak memory by size.

``python -m according.eval.scaling --sizes 10000,100000,400000,1000000`` builds, for each size,
one document of that many characters from real paragraphs (PolNeAR dev articles laid end to end,
or ``--text FILE`` repeated) and extracts it in a fresh process through the same limited
extractor as ``according extract``, so each figure is that one document's wall time, CPU time and
peak RSS. It prints one row per size and the ratios the targets are stated in: seconds per KB
should stay roughly constant, a 400 KB text should take at most 5 times a 100 KB one, and peak
memory should stay under 1.5 GB. ``--repetitive`` uses "said " repeated instead (no sentences:
the worst case for the parser and the rules).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from .benchmark import own_peak_rss_mb

TARGET_RATIO_400_100 = 5.0
TARGET_PEAK_MB = 1536.0


def build_text(size: int, source: str | None, repetitive: bool, polnear: str | None) -> str:
    """``size`` characters of the chosen material, cut at the end of a paragraph where possible."""
    if repetitive:
        unit = "said "
    elif source:
        unit = Path(source).read_text(encoding="utf-8") + "\n\n"
    else:
        from .polnear import find_polnear, load_split

        root = find_polnear(Path(polnear) if polnear else None)
        if root is None:
            raise SystemExit("PolNeAR not found: pass --polnear DIR or --text FILE (or --repetitive)")
        unit = "\n\n".join(a.text.strip() for a in load_split(root, "dev")) + "\n\n"
    text = unit * (size // len(unit) + 1)
    return text[:size]


def measure_one(args: argparse.Namespace, size: int) -> dict:
    """Extract one document of ``size`` characters in this process (run in a fresh child)."""
    from ..batch import ExtractOptions, load
    from ..document import Article

    text = build_text(size, args.text, args.repetitive, args.polnear)
    extractor = load(ExtractOptions(model=args.model))
    extractor.extract(Article(text="The mayor said the bridge would close.", source="warm-up"))
    loaded = own_peak_rss_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    doc = extractor.extract(Article(text=text, source=f"{size} characters"))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "chars": len(text),
        "seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "seconds_per_kb": round(wall / (len(text) / 1000), 4),
        "attributions": len(doc.attributions),
        "loaded_mb": round(loaded, 1),
        "peak_mb": round(own_peak_rss_mb(), 1),
    }


def _child(args: argparse.Namespace, size: int) -> dict:
    command = [sys.executable, "-m", "according.eval.scaling", "--one", str(size), "--model", args.model]
    for flag, value in (("--text", args.text), ("--polnear", args.polnear)):
        if value:
            command += [flag, value]
    if args.repetitive:
        command.append("--repetitive")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"size {size}: measurement failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(rows: list[dict]) -> list[str]:
    lines = [f"{'chars':>10} {'seconds':>8} {'cpu s':>8} {'s/KB':>8} {'attributions':>12} {'peak MB':>8}"]
    for r in rows:
        lines.append(
            f"{r['chars']:>10,} {r['seconds']:>8.2f} {r['cpu_seconds']:>8.2f} {r['seconds_per_kb']:>8.4f} "
            f"{r['attributions']:>12,} {r['peak_mb']:>8.1f}"
        )
    by_size = {r["chars"]: r for r in rows}
    if 100_000 in by_size and 400_000 in by_size:
        ratio = by_size[400_000]["seconds"] / max(by_size[100_000]["seconds"], 1e-9)
        verdict = "meets" if ratio <= TARGET_RATIO_400_100 else "MISSES"
        lines.append(f"400 KB / 100 KB time: {ratio:.2f}x ({verdict} the target of at most 5x)")
    per_kb = [r["seconds_per_kb"] for r in rows if r["chars"] >= 10_000]
    if len(per_kb) >= 2:
        lines.append(
            f"seconds per KB from {min(per_kb):.4f} to {max(per_kb):.4f} ({max(per_kb) / min(per_kb):.2f}x)"
        )
    peak = max(r["peak_mb"] for r in rows)
    verdict = "meets" if peak < TARGET_PEAK_MB else "MISSES"
    lines.append(f"peak memory {peak:.0f} MB ({verdict} the target of under 1,536 MB)")
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m according.eval.scaling", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--sizes", default="10000,100000,400000,1000000", help="comma-separated characters")
    parser.add_argument("--model", default="default", help="default | rules | a model directory")
    parser.add_argument("--text", help="a UTF-8 text file to repeat instead of PolNeAR dev")
    parser.add_argument("--polnear", help="PolNeAR directory (default: $ACCORDING_POLNEAR or ../shared)")
    parser.add_argument("--repetitive", action="store_true", help='"said " repeated: the worst case')
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure_one(args, args.one)))
        return
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    rows = []
    for size in sizes:
        rows.append(_child(args, size))
        print(f"measured {size:,} characters: {rows[-1]['seconds']:.2f}s", file=sys.stderr, flush=True)
    print(json.dumps(rows, indent=2) if args.json else "\n".join(report(rows)))


if __name__ == "__main__":
    main()
