"""The document key and the sealing: a round trip, a wrong key or a changed byte caught by the
tag, the key file made owner-only only while nothing is stored; the retention rule and when the
tablet offers its document step (pure)."""

import os
import stat
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_core.records.document_key import (
    DocumentKey,
    DocumentKeyMissing,
    DocumentsOff,
    SealBroken,
    load_key,
)
from kiosk_core.records.documents import keep_until
from kiosk_core.screens.documents_desk import offer_at_tablet

KEY = DocumentKey.from_secret("a" * 43)
OTHER = DocumentKey.from_secret("b" * 43)


@given(st.binary(max_size=4096), st.sampled_from(["image/jpeg", "image/png", "application/pdf"]))
def test_sealing_round_trips_and_hides_the_bytes(plain, media_type):
    sealed = KEY.seal(plain, media_type=media_type)
    assert KEY.unseal(sealed, media_type=media_type) == plain
    assert len(sealed) == len(plain) + 3 + 12 + 16
    assert KEY.seal(plain, media_type=media_type) != sealed  # a fresh nonce each time


@pytest.mark.parametrize(
    "spoil",
    [
        lambda sealed: OTHER.unseal(sealed, media_type="image/jpeg"),  # another clinic's key
        lambda sealed: KEY.unseal(sealed, media_type="image/png"),  # its media type changed
        lambda sealed: KEY.unseal(sealed[:-1] + bytes([sealed[-1] ^ 1]), media_type="image/jpeg"),
        lambda sealed: KEY.unseal(sealed[:20] + bytes([sealed[20] ^ 1]) + sealed[21:], media_type="image/jpeg"),
        lambda sealed: KEY.unseal(b"XX1" + sealed[3:], media_type="image/jpeg"),
        lambda sealed: KEY.unseal(sealed[:10], media_type="image/jpeg"),
    ],
    ids=["wrong key", "media type", "tag byte", "body byte", "magic", "cut short"],
)
def test_a_wrong_key_or_a_changed_byte_is_caught(spoil):
    with pytest.raises(SealBroken):
        spoil(KEY.seal(b"\xff\xd8\xff MRI report", media_type="image/jpeg"))


def test_keys_have_distinct_ids_and_digests_that_need_the_key():
    assert KEY.key_id != OTHER.key_id and len(KEY.key_id) == 16
    assert KEY.digest(b"page") != OTHER.digest(b"page")
    assert KEY.digest(b"page") == DocumentKey.from_secret("a" * 43 + "\n").digest(b"page")


def test_a_missing_key_file_is_made_owner_only_while_nothing_is_stored(tmp_path):
    path = tmp_path / "data" / "document-key"
    before = os.umask(0)
    try:
        key = load_key(secret=None, path=path, stored=0)
    finally:
        os.umask(before)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_key(secret=None, path=path, stored=5).key_id == key.key_id  # read again, the same


def test_a_missing_key_file_with_documents_stored_is_never_made_anew(tmp_path):
    path = tmp_path / "document-key"
    with pytest.raises(DocumentKeyMissing) as missing:
        load_key(secret=None, path=path, stored=3)
    assert not path.exists() and str(path) in str(missing.value) and "3 document(s)" in str(missing.value)


def test_a_key_file_others_can_read_or_a_short_secret_stops_the_feature(tmp_path):
    path = tmp_path / "document-key"
    path.write_text("k" * 43 + "\n")
    path.chmod(0o644)
    with pytest.raises(DocumentsOff, match="chmod 600"):
        load_key(secret=None, path=path, stored=0)
    with pytest.raises(DocumentsOff, match="32 characters"):
        load_key(secret="short", path=path, stored=0)
    assert load_key(secret="s" * 40, path=path, stored=9).key_id == DocumentKey.from_secret("s" * 40).key_id


AT = datetime(2026, 12, 6, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("born", "until"),
    [
        (None, AT + timedelta(days=2557)),  # an adult, or no birth date: the retention alone
        (date(1980, 5, 1), AT + timedelta(days=2557)),
        (date(2016, 3, 10), datetime(2038, 3, 10, tzinfo=UTC)),  # 10 now: kept until 22
        (date(2012, 2, 29), datetime(2034, 3, 1, tzinfo=UTC)),  # a leap day's 22nd birthday
        (date(2011, 1, 1), AT + timedelta(days=2557)),  # 22 before the retention ends
    ],
)
def test_a_document_is_kept_its_retention_and_a_minors_until_22(born, until):
    assert keep_until(AT, born, 2557) == until


@pytest.mark.parametrize(
    ("brought", "offered"),
    [
        ((), False),  # the ordinary check-in, a plan's weekly regular included: straight to the ticket
        (None, False),
        (("mri",), True),
        (["pt_notes", "other"], True),
    ],
)
def test_the_tablet_offers_its_document_step_only_to_who_brought_records(brought, offered):
    assert offer_at_tablet(brought=brought) is offered


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)),
    st.one_of(st.none(), st.dates(min_value=date(1920, 1, 1), max_value=date(2060, 1, 1))),
    st.integers(min_value=1, max_value=20_000),
)
def test_a_document_is_never_deleted_early(uploaded_at, born, days):
    until = keep_until(uploaded_at, born, days)
    assert until >= uploaded_at + timedelta(days=days)
    if born is not None:
        assert until.date() >= date(born.year + 22, born.month, 1)
