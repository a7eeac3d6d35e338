"""Issue 21, finding 3, on the staff pages: each role opens what README's roles table says and
sees "This needs the ... role" (and nothing of the page) elsewhere; the bar links only what the
member may open."""

import pytest

from tests.app.test_display_and_reports import seed_lobby
from tests.app.test_queue_page import sign_in, staff_page, visible
from tests.factories import make_therapist

PAGES = {  # page: (what only its content shows, the roles that open it)
    "pages/queue.py": ("waiting", {"therapist", "front_desk"}),
    "pages/reports.py": ("Check-ins", {"reporting", "admin"}),
    "pages/admin.py": ("Lost card", {"admin", "front_desk"}),
    "pages/poster.py": ("Print poster", {"therapist", "front_desk", "admin"}),
    "pages/chart.py": ("Open a client from the queue board", {"therapist"}),  # health records: the therapist role
    "pages/note.py": ("Open a note from the queue board", {"therapist"}),
}
GRANTS = {"admin": (True, ()), "therapist": (False, ("therapist",)), "front_desk": (False, ("front_desk",))}
GRANTS["reporting"] = (False, ("reporting",))
LINKS = {"queue": {"therapist", "front_desk"}, "reports": {"reporting", "admin"}, "admin": {"admin", "front_desk"}}
LINKS["chart"] = {"therapist"}


@pytest.mark.parametrize("grant", list(GRANTS))
def test_every_page_against_every_role(app_db, clinic, monkeypatch, grant):
    monkeypatch.setattr("kiosk_core.config.settings.public_url", "https://kiosk.example.com")
    seed_lobby(app_db, clinic)
    is_admin, roles = GRANTS[grant]
    member = make_therapist(app_db, name="Robin Diaz", pin="286413", admin=is_admin, roles=roles)
    for page, (content, allowed) in PAGES.items():
        at = sign_in(staff_page(page), member, "286413")
        assert not at.exception, page
        shown = visible(at)
        if grant in allowed:
            assert content in shown and "role. Please ask an admin." not in shown, page
        else:
            assert "This needs the" in shown and content not in shown, page
        links = {link.proto.page for link in at.get("page_link")}
        assert links == {name for name, who in LINKS.items() if grant in who}, page
