"""`according benchmark-serve` works end to end on a tiny store (timing is measured elsewhere)."""

from __future__ import annotations

from pathlib import Path

from according.eval.serve_bench import run_serve_benchmark


def test_tiny_load_run_reports_every_scenario_without_errors(tmp_path: Path) -> None:
    report = run_serve_benchmark(
        str(tmp_path / "bench.db"),
        attributions=60,
        clients=(3,),
        requests=9,
        scenarios=("article", "search", "speaker"),
        workers=2,
        page_cache_mb=0,
    )
    assert report.attributions == 60 and report.articles == 6 and report.workers == 2
    assert report.page_cache_mb == 0  # passed to `serve --page-cache`: the server starts with it
    assert [(r.scenario, r.clients, r.requests, r.errors) for r in report.results] == [
        ("article", 3, 9, 0),
        ("search", 3, 9, 0),
        ("speaker", 3, 9, 0),
    ]
    assert all(0 < r.p50_ms <= r.p95_ms <= r.p99_ms for r in report.results)
