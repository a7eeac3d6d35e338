"""Where the app may touch Streamlit's insides. Private Python names only in
ui/streamlit_internals.py; Streamlit's own page (test ids, element classes) only in
ui/streamlit_chrome.css; everything else by public API, the keys the app gives (.st-key-<key>)
and its own markup. A Streamlit upgrade then means reading two files, not hunting."""

import ast
import re
from pathlib import Path

import pytest
import streamlit

ROOT = Path(__file__).resolve().parents[2]
INTERNALS = ROOT / "ui" / "streamlit_internals.py"
CHROME = ROOT / "ui" / "streamlit_chrome.css"
APP_PYTHON = sorted([*(ROOT / "ui").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "kiosk.py"])
BROWSER_FILES = sorted(p for ext in ("js", "css") for p in (ROOT / "ui").rglob(f"*.{ext}"))
# Streamlit's modules that are documented API; anything else under streamlit. is its insides.
PUBLIC_MODULES = {"streamlit", "streamlit.components.v1", "streamlit.components.v2", "streamlit.column_config"}
PRIVATE_SUBMODULES = {"runtime", "web", "proto", "elements", "watcher", "vendor"}
# Names of Streamlit's page that are its own, not ours: its test ids in a selector, its element
# classes, its layout classes and attributes.
STREAMLIT_DOM = re.compile(
    r"\[\s*data-testid[^\]]*\]?|\.st[A-Z]\w*|#stMain\b|\b(?:block|element)-container\b|data-variant|\[kind=|st-emotion-cache"
)


def where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{node.lineno}"


def streamlit_aliases(tree: ast.Module) -> set[str]:
    """The names a module binds to Streamlit or one of its modules."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name.split(".")[0] == "streamlit"}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "streamlit":
            names |= {a.asname or a.name for a in node.names}
    return names


def private_reaches(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    aliases = streamlit_aliases(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"{where(path, node)} import {a.name}" for a in node.names if a.name.startswith("streamlit.")]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "streamlit":
            if node.module not in PUBLIC_MODULES:
                found.append(f"{where(path, node)} from {node.module} import ...")
            found += [
                f"{where(path, node)} from {node.module} import {a.name}"
                for a in node.names
                if a.name.startswith("_") or a.name in PRIVATE_SUBMODULES
            ]
        elif isinstance(node, ast.Attribute):
            if node.attr.startswith("_") and not node.attr.startswith("__"):
                root = node
                while isinstance(root, ast.Attribute | ast.Call | ast.Subscript):
                    root = root.func if isinstance(root, ast.Call) else root.value
                if not (isinstance(root, ast.Name) and root.id in {"self", "cls"}):
                    found.append(f"{where(path, node)} {ast.unparse(node)}")
            elif node.attr in PRIVATE_SUBMODULES and isinstance(node.value, ast.Name) and node.value.id in aliases:
                found.append(f"{where(path, node)} {ast.unparse(node)}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"getattr", "setattr"}:
            name = node.args[1] if len(node.args) > 1 else None
            if isinstance(name, ast.Constant) and str(name.value).startswith("_"):
                found.append(f"{where(path, node)} {ast.unparse(node)}")
    return found


def test_only_streamlit_internals_reaches_into_streamlits_private_modules_and_names():
    reaches = [reach for path in APP_PYTHON if path != INTERNALS for reach in private_reaches(path)]
    assert not reaches, "Streamlit's insides reached outside ui/streamlit_internals.py:\n" + "\n".join(reaches)


def test_the_boundary_check_sees_what_it_is_for():
    assert private_reaches(INTERNALS), "the check finds nothing in the module that does reach in"


def python_strings(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def streamlit_dom_names() -> list[str]:
    found = []
    for path in BROWSER_FILES:
        if path == CHROME:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{path.relative_to(ROOT)}:{number} {m.group()}" for m in STREAMLIT_DOM.finditer(line)]
    for path in APP_PYTHON:
        for number, text in python_strings(path):
            found += [f"{path.relative_to(ROOT)}:{number} {m.group()}" for m in STREAMLIT_DOM.finditer(text)]
    return found


def test_scripts_and_styles_find_streamlits_page_only_in_streamlit_chrome_css():
    """Scripts and styles find elements by the app's keys and markup; Streamlit's test ids and
    classes change with its versions."""
    names = streamlit_dom_names()
    assert not names, "Streamlit's page named outside ui/streamlit_chrome.css:\n" + "\n".join(names)


# --- the names streamlit_chrome.css does use, against the installed Streamlit -------------------

FRONTEND = Path(streamlit.__file__).parent / "static"
CHROME_NAMES = re.compile(r'data-testid="(\w+)"|\.(st[A-Z]\w*|block-container)\b|\[(data-variant)[=\]]')


def chrome_names() -> list[str]:
    text = re.sub(r"/\*.*?\*/", "", CHROME.read_text(encoding="utf-8"), flags=re.S)
    return sorted({next(g for g in m.groups() if g) for m in CHROME_NAMES.finditer(text)})


@pytest.fixture(scope="module")
def frontend() -> str:
    scripts = sorted(FRONTEND.rglob("*.js"))
    assert scripts, f"no frontend scripts under {FRONTEND}"
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in scripts)


def mentions(text: str, name: str) -> bool:
    """`name` whole in `text` (stButton, not only in stButtonGroup); str.find, as a regex over the
    frontend's 23 MB took seconds."""
    part = lambda c: c.isalnum() or c in "_-"  # noqa: E731
    at = text.find(name)
    while at != -1:
        end = at + len(name)
        if not (at and part(text[at - 1])) and not (end < len(text) and part(text[end])):
            return True
        at = text.find(name, at + 1)
    return False


def test_streamlit_chrome_css_names_only_what_the_installed_streamlit_still_renders(frontend):
    assert {"stStatusWidget", "stHeader", "block-container"} <= set(chrome_names())  # the parse finds them
    gone = [name for name in chrome_names() if not mentions(frontend, name)]
    assert not gone, (
        f"ui/streamlit_chrome.css: {', '.join(gone)} no longer in Streamlit {streamlit.__version__}'s frontend"
    )
