"""The outside documents table (migration 0015): a client's doctor's note, MRI report or PT notes,
kept sealed (kiosk_core.records.document_key) in the database itself, so that every server of a
clinic sees the same documents and every backup holds them."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from kiosk_core.models import UTCDateTime, utcnow


class Document(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    visit_id: int | None = Field(default=None, foreign_key="visit.id")  # the check-in it came with
    kind: str = Field(max_length=20)  # kiosk_core.records.documents.KINDS
    media_type: str = Field(max_length=40)  # image/jpeg, image/png, application/pdf: from the bytes
    size: int  # of the plain file, in bytes
    pages: int = 1
    # HMAC-SHA256 of the plain bytes under the document key: one copy per double tap, and no
    # fingerprint a copy of the database alone could match against a known report.
    digest: str = Field(max_length=64)
    key_id: str = Field(max_length=16)  # which key sealed it (DocumentKey.key_id)
    sealed: bytes = Field(sa_type=sa.LargeBinary)  # b"KD1" + nonce + AES-GCM ciphertext and tag
    uploaded_at: datetime = Field(sa_type=UTCDateTime, default_factory=utcnow, index=True)
    source: str = Field(max_length=10)  # tablet, phone, staff
    uploaded_by: int | None = Field(default=None, foreign_key="therapist.id")  # staff only
