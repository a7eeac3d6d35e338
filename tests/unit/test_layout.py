"""The README's layout is the tree: every module of kiosk_core/, ui/ and pages/ is named there,
everything named there exists, and the core never imports Streamlit."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("kiosk_core", "ui", "pages")


def layout_paths() -> set[str]:
    """The paths the README's layout block names, each resolved under its folder's indentation."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Layout\n.*?```\n(.*?)```", readme, re.S).group(1)
    named, folders = set(), []
    for line in block.splitlines():
        if not line.strip() or line.startswith("tests/") or line.startswith("bench/"):
            continue
        indent = len(line) - len(line.lstrip())
        if indent >= 20:  # a description's second line
            continue
        depth = indent // 2
        folders = folders[:depth]
        names = line.strip().split("   ")[0].split()  # the names come before the description
        for name in names:
            path = "/".join([*folders, name]).rstrip("/")
            named.add(path)
        if names[0].endswith("/"):
            folders.append(names[0].rstrip("/"))
    return named


def modules() -> set[str]:
    found = {"kiosk.py"}
    for top in SOURCES:
        for path in (ROOT / top).rglob("*"):
            relative = path.relative_to(ROOT)
            if path.is_dir() or "__pycache__" in relative.parts or path.name == "__init__.py":
                continue
            if relative.parts[:2] in {("kiosk_core", "migrations"), ("kiosk_core", "locale")}:
                continue
            if path.suffix in {".py", ".js", ".css"}:
                found.add(str(relative))
    return found


def test_every_module_is_in_the_readme_layout():
    missing = modules() - layout_paths()
    assert not missing, f"add to the README's layout: {sorted(missing)}"


def test_everything_the_layout_names_exists():
    gone = sorted(path for path in layout_paths() if not (ROOT / path).exists())
    assert not gone, f"named in the README's layout but not in the tree: {gone}"


def test_the_core_never_imports_streamlit():
    for path in (ROOT / "kiosk_core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                assert not any(n.split(".")[0] == "streamlit" for n in names), path.relative_to(ROOT)


def test_the_where_to_find_list_points_at_files_that_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Where to find", 1)[1].split("\n## ", 1)[0]
    pointed = re.findall(r"`((?:kiosk_core|ui|pages|scripts)/[^`]+)`", section)
    assert len(pointed) >= 6 and all((ROOT / path).exists() for path in pointed), pointed
