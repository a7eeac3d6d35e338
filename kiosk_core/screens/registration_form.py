"""The tablet's registration form while it is being filled in: a problem shown under a field
goes as soon as that field is fine. Only the registry's rules (`registry.validate_client`, the
same check Continue makes), no database: nothing is written until Continue."""

from collections.abc import Mapping

from kiosk_core.clients.registry import validate_client
from kiosk_core.errors import InvalidInput

FORM = "form"  # a problem of no one field: neither a phone number nor an e-mail
WAYS_TO_REACH = ("phone", "email")  # the fields that settle the form's own problem


def problems_now(form: Mapping[str, str]) -> dict:
    """Each field's problem as the whole form stands now (FORM: the form's own), worded as
    Continue would say it."""
    try:
        validate_client(dict(form))
    except InvalidInput as error:
        return dict(error.problems)
    return {}


def recheck(shown: Mapping, form: Mapping[str, str], changed: str) -> dict:
    """The problems to keep showing after the field `changed` was edited, when it, or the form's
    own problem it settles (a phone or an e-mail), was marked: those as they are now (gone when
    fine, in new words when wrong another way). Every other field's stays as Continue left it, so
    a field the client hasn't reached yet isn't marked while they type elsewhere."""
    touched = {changed, FORM} if changed in WAYS_TO_REACH else {changed}
    if not touched & set(shown):
        return dict(shown)
    now = problems_now(form)
    kept = {field: problem for field, problem in shown.items() if field not in touched}
    kept.update({field: now[field] for field in touched if field in now})
    return kept
