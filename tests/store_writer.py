"""Run as a separate process by the store tests: save synthetic articles one by one.

``python store_writer.py URL FIRST COUNT`` saves articles FIRST..FIRST+COUNT-1 and prints
"stored N" after each commit, so a test can kill it mid-run or run two at once.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store_docs import document  # noqa: E402

from according.document import Document  # noqa: E402

PEOPLE = ["Vladimir Osechkin", "Anna Petrova", "Boris Johnson", "Stanley Johnson", "Maria Lopez"]
TOPICS = ["the bridge", "the budget", "the hospital", "the harbour", "the prison", "the river"]


def synthetic(i: int) -> Document:
    """Article i: three attributions by named people about numbered topics (distinct per article)."""
    person = PEOPLE[i % len(PEOPLE)]
    other = PEOPLE[(i + 2) % len(PEOPLE)]
    topic = TOPICS[i % len(TOPICS)]
    text = (
        f"{person} said that {topic} would reopen in week {i}. "
        f"{other} warned that costs for item {i} had doubled. "
        f"Officials said the plan number {i} was under review."
    )
    return document(
        text,
        [
            (person, f"{topic} would reopen in week {i}", "said"),
            (other, f"costs for item {i} had doubled", "warned"),
            ("Officials", f"the plan number {i} was under review", "said", {"type_": "group"}),
        ],
        outlet=f"Outlet {i % 3}",
        url=f"https://news.example/{i}",
        published=f"2024-01-{1 + i % 28:02d}",
    )


def main() -> None:
    from according.store.repository import Store

    url, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with Store(url, similarity="lexical") as store:
        for i in range(first, first + count):
            store.save(synthetic(i))
            print(f"stored {i}", flush=True)


if __name__ == "__main__":
    main()
