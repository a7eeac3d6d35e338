"""What the browser tests read off a tablet page: visible words, English left on a Spanish
screen, and axe-core's findings."""

import re

from babel.messages.pofile import read_po

from kiosk_core.config import load_clinic
from kiosk_core.i18n import LOCALE_DIR, po_path
from tests.e2e.conftest import APP_IDLE

TIMEOUT = 20_000
WORD = re.compile(r"[^\W\d_]{4,}")
# Words a person reads on screen: text nodes that take up room, not icon ligatures.
VISIBLE_TEXT = """(() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('[data-testid="stIconMaterial"], script, style, noscript')) continue;
    const style = getComputedStyle(parent);
    if (style.visibility === "hidden" || style.display === "none") continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width > 1 && box.height > 1 && box.right > 0 && box.bottom > 0) out.push(node.nodeValue);
  }
  for (const field of document.querySelectorAll("input[placeholder]")) out.push(field.placeholder);
  return out.join(" ");
})()"""


def english_words() -> set[str]:
    """Words of the English messages that no Spanish message uses, less the clinic's proper names."""
    with (LOCALE_DIR / "messages.pot").open("rb") as pot:
        english = {w.lower() for m in read_po(pot) if m.id for text in _texts(m.id) for w in WORD.findall(text)}
    with po_path("es").open("rb") as po:
        spanish = {w.lower() for m in read_po(po) if m.id for text in _texts(m.string) for w in WORD.findall(text)}
    clinic = load_clinic()
    names = " ".join([clinic.clinic.name, *(loc.name for loc in clinic.locations), "Nina Alvarez"])
    return english - spanish - {w.lower() for w in WORD.findall(names)}


def _texts(value) -> tuple:
    return value if isinstance(value, tuple) else (value,)


def settle(page) -> None:
    page.wait_for_function(APP_IDLE, timeout=TIMEOUT)


def audit(page, axe_source: str, name: str) -> dict:
    """axe-core on the page as it is: violations counted by impact; fails on critical or serious."""
    settle(page)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    counts = {impact: 0 for impact in ("critical", "serious", "moderate", "minor")}
    for violation in result["violations"]:
        counts[violation["impact"]] += len(violation["nodes"])
    print(f"\naxe {name}: " + ", ".join(f"{impact} {n}" for impact, n in counts.items()))
    bad = [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in result["violations"]]
    assert counts["critical"] == counts["serious"] == 0, bad
    assert not [v for v in result["violations"] if v["id"] == "heading-order"], bad
    return counts
