"""The database killed with SIGKILL, or stopped for a while, mid-load and started again: does
each check-in retry, or say "please ask at the front desk" with the answers kept? Is any lost or
duplicated? How long until check-ins succeed again?

    .venv/bin/python -m bench.outage [--fault kill|stop|backend] [--down 5] [--retry-seconds 8]
                                     [--processes 2] [--threads 4] [--per-thread 40]

The database is a throwaway PostgreSQL cluster of its own (initdb into a temporary directory, on
a free port, as the postgres OS user when run as root), never the shared server on 5432. The
load is bench/crash.py's: server processes, tablets as threads, each client scanning its card and
checking in through kiosk_core.screens.tablet, tapping again after a refusal (3 taps in all). Once it is
under way the fault comes: `kill` SIGKILLs the postmaster and every backend (a crash; restarted
`--down` seconds later, with crash recovery), `stop` is `pg_ctl stop -m fast` for `--down`
seconds, `backend` SIGKILLs one backend serving the kiosk (the postmaster resets every
connection and recovers by itself). The servers get `KIOSK_WRITE_RETRY_SECONDS`. Prints
bench/crash.py's counts and the seconds from the fault, and from the database's return, to the
first check-in that succeeded after it. Asserts nothing; the CI-sized runs are in
tests/integration/test_faults.py.
"""

import argparse
import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

from bench.crash import Counts, Load
from kiosk_core import db
from kiosk_core.config import load_clinic

PG_BIN = Path(os.environ.get("KIOSK_PG_BIN") or (sorted(glob.glob("/usr/lib/postgresql/*/bin")) or ["/usr/bin"])[-1])


class Cluster:
    """A PostgreSQL cluster of our own in a temporary directory, to crash at will."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
        self.data, self.log = self.dir / "data", self.dir / "server.log"
        self.as_postgres = os.geteuid() == 0  # initdb refuses root
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8")
        settings = {"listen_addresses": "'127.0.0.1'", "port": self.port, "unix_socket_directories": f"'{self.dir}'"}
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
        self.admin = sa.create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)

    def _run(self, tool: str, *args) -> None:
        command = [str(PG_BIN / tool), *map(str, args)]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=300)

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def start(self) -> None:
        self._run("pg_ctl", "start", "-D", self.data, "-l", self.log, "-w", "-t", "300")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "stop", "-D", self.data, "-m", mode, "-w", "-t", "300")

    def kill(self) -> None:
        """SIGKILL the postmaster and all its processes at once, and wait until they are gone."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        pids = [postmaster, *children(postmaster)]
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):  # a backend that ended meanwhile
                os.kill(pid, signal.SIGKILL)
        while any(Path(f"/proc/{pid}").exists() for pid in pids):  # reaped: a zombie postmaster blocks a start
            time.sleep(0.01)

    def kill_backend(self, database: str) -> int:
        """SIGKILL one backend serving `database`; returns its pid."""
        with self.admin.connect() as connection:
            pid = connection.execute(
                sa.text("SELECT pid FROM pg_stat_activity WHERE datname = :name ORDER BY backend_start LIMIT 1"),
                {"name": database},
            ).scalar_one()
        os.kill(pid, signal.SIGKILL)
        return pid

    def answers(self) -> bool:
        try:
            with self.admin.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
            return True
        except sa.exc.OperationalError:
            return False

    def new_database(self, clinic) -> tuple[str, str]:
        """(name, url) of a new database, migrated and with the clinic's locations."""
        name = f"kiosk_{uuid.uuid4().hex[:8]}"
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        engine = db.make_engine(self.url(name))
        db.init_db(engine, clinic)
        engine.dispose()
        return name, self.url(name)

    def close(self) -> None:
        self.admin.dispose()
        if (self.data / "postmaster.pid").exists():
            try:
                self.stop("immediate")
            except subprocess.CalledProcessError:
                self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> "Cluster":
        self.start()
        return self

    def __exit__(self, *_) -> None:
        self.close()


def children(parent: int) -> list[int]:
    found = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            found.append(int(stat.split("/")[2]))
    return found


def run(cluster: Cluster, *, fault: str, down: float | None, processes: int, threads: int, per_thread: int,
        retry_seconds: float) -> tuple[Counts, dict]:  # fmt: skip
    """The load on a new database in `cluster`, with one fault. `down`: seconds before the
    database starts again; None: as soon as a tablet has shown a refusal since the fault."""
    name, url = cluster.new_database(load_clinic())
    setting = {"write_retry_seconds": retry_seconds}
    load = Load(url, processes=processes, threads=threads, per_thread=per_thread, setting=setting, pause=0.2)
    for index in range(processes):
        load.start(index)
    load.wait_until(lambda outcomes: len(outcomes) >= processes * threads)  # under way
    times, logged = {"fault": time.time()}, cluster.log.stat().st_size
    if fault == "backend":
        cluster.kill_backend(name)
        while b"reinitializing" not in cluster.log.read_bytes()[logged:]:  # the postmaster's reset under way
            time.sleep(0.01)
    else:
        if fault == "kill":
            cluster.kill()
        else:
            cluster.stop()
        if down is None:
            load.wait_until(lambda outcomes: any(o["status"] != "ok" and o["at"] > times["fault"] for o in outcomes))
        else:
            time.sleep(down)  # the outage itself: the tablets carry on meanwhile
        cluster.start()
    while not cluster.answers():
        time.sleep(0.01)
    times["back"] = time.time()
    counts = load.finish()
    ok = [o for o in load.final if o["status"] == "ok"]
    times["first_ok"] = min((o["at"] for o in ok if o["at"] > times["back"]), default=float("nan"))
    times["longest"] = max((o["at"] - o["began"] for o in ok if o["began"] < times["back"] < o["at"]), default=0)
    return counts, times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fault", choices=["kill", "stop", "backend"], action="append")
    parser.add_argument("--down", type=float, default=5.0, help="seconds the database stays down")
    parser.add_argument("--retry-seconds", type=float, default=8.0, help="KIOSK_WRITE_RETRY_SECONDS")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--per-thread", type=int, default=40)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start; PostgreSQL from {PG_BIN}")
    with Cluster() as cluster:
        for fault in args.fault or ["kill", "stop", "backend"]:
            counts, at = run(cluster, fault=fault, down=args.down, processes=args.processes, threads=args.threads,
                             per_thread=args.per_thread, retry_seconds=args.retry_seconds)  # fmt: skip
            print(
                f"{fault:8s} down {at['back'] - at['fault']:.1f} s, retry budget {args.retry_seconds:g} s, load "
                f"{os.getloadavg()[0]:.1f}: the first check-in through {at['first_ok'] - at['back']:.2f} s after the "
                f"database answered again; the longest tap that got a ticket across it {at['longest']:.1f} s"
                f"\n         {counts.line()}"
            )
            for what, n in (counts.told + counts.raw).most_common(6):
                print(f"         {n} x {what}")


if __name__ == "__main__":
    main()
