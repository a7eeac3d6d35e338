"""Check-ins per second with 1, 4 and 16 tablets in one server process, and 16 tablets over 2 and
4 server processes, on SQLite and PostgreSQL.

    .venv/bin/python -m bench.checkins [--per-thread 50] [--db sqlite|postgres]

Each line is one bench.load run on a fresh database (every tablet a thread, every server an OS
process with its own engine, each check-in through the tablet's service), with its ratio to one
tablet's throughput. Prints figures; asserts nothing about speed.
"""

import argparse
import os

from bench.load import FreshDatabase, run

SHAPES = [(1, 1), (1, 4), (1, 16), (2, 8), (4, 4)]  # (server processes, tablets each)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-thread", type=int, default=50)
    parser.add_argument("--db", choices=["sqlite", "postgres"], action="append")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")
    for kind in args.db or ["sqlite", "postgres"]:
        alone = None
        for processes, threads in SHAPES:
            with FreshDatabase(kind) as url:
                result = run(url, processes=processes, threads=threads, per_thread=args.per_thread)
            rate = len(result.latencies) / result.seconds
            alone = alone or rate
            print(
                f"{kind:8s} {processes} process(es) x {threads:2d} tablets: {result.line()}; "
                f"{rate / alone:.2f}x one tablet"
            )


if __name__ == "__main__":
    main()
