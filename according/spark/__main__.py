"""``spark-submit …/according/spark/__main__.py INPUT… --out DIR``: ``according batch`` as the
application file of a cluster submission (its options are the command's; the master and
executors come from spark-submit)."""

from __future__ import annotations

import sys


def main() -> None:
    from ..cli import app

    app(["batch", *sys.argv[1:]], prog_name="according")


if __name__ == "__main__":
    main()
