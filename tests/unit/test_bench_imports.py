"""Every benchmark still imports: they run on demand, so a renamed core function would
otherwise be found only the next time someone measures."""

import importlib
from pathlib import Path

import pytest

BENCHES = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "bench").glob("*.py") if p.stem != "__init__")


@pytest.mark.parametrize("name", BENCHES)
def test_the_benchmark_imports(name):
    importlib.import_module(f"bench.{name}")
