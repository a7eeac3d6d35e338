"""The benchmarks that measure this wave's targets still run, on a small SQLite shape: they run
on demand, and four broke unnoticed when the code under them moved (a sign-in became its own
row, PINs grew to six digits). Speed is not asserted here; each must only finish and print."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SMALL = {
    "checkin_cost": ["--rounds", "1", "--on-shift", "2", "--line", "5"],
    "superbill": ["--rounds", "1"],
    "chart_read": ["--visits", "3", "--rounds", "1"],
    "plan_checkin": ["--rounds", "1"],
    "wait_cache": ["--rounds", "1", "--boards", "1"],
    "fhir_export": ["--visits", "5", "--rounds", "1"],
    "documents": ["--rounds", "1", "--mb", "0.2"],
    "identity_match": ["--clients", "200", "--rounds", "2"],
    "board_refresh": ["--small", "2", "--large", "4", "--history-small", "10", "--history-large", "50",
                      "--rounds", "1", "--line", "3"],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(SMALL))
def test_the_benchmark_runs_on_a_small_shape(name):
    command = [sys.executable, "-m", f"bench.{name}", "--db", "sqlite", *SMALL[name]]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, f"bench.{name} failed:\n{done.stderr[-2000:]}"
    assert done.stdout.strip(), f"bench.{name} printed nothing"
