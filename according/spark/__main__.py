"""``spark-submit …/according/spark/__main__.py INPUT… --out DIR``: ``according batch`` as the
application file of a cluster submission (its options are the command's; the master and
executors come from spark-submit)."""

from __future__ import annotations

import sys


def main() -> None:
    from ..cli import main as according

    sys.argv = ["according", "batch", *sys.argv[1:]]
    according()


if __name__ == "__main__":
    main()
