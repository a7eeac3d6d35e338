"""Rotating the document key: every stored document unsealed with the clinic's key (each tag
checked) and sealed again with a new one, in one transaction, so that a failure half-way leaves
every document under the old key. The new key goes to a file of its own; the servers use it once
it replaces the old one (or KIOSK_DOCUMENT_KEY) and they restart. Until then they find the stored
documents under a key that is not theirs and keep documents switched off: nothing is written
under the old key after the rotation.

    .venv/bin/python -m kiosk_core.records.document_rekey NEW_KEY_FILE
"""

import argparse
import sys
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import select

from kiosk_core import db
from kiosk_core.config import settings
from kiosk_core.records import documents
from kiosk_core.records.document_key import DocumentKey, DocumentsOff
from kiosk_core.records.document_table import Document
from kiosk_core.secret_files import read_or_create_secret


def rotate(*, engine: sa.Engine, new_key_file: Path) -> int:
    """Re-seal every document under a new key written to `new_key_file` (which must not exist);
    returns how many. DocumentsOff if this server's key is not the one the documents are under."""
    new_key_file = Path(new_key_file)
    if new_key_file.exists():
        raise DocumentsOff(f"{new_key_file} exists already: give the new key a file of its own.")
    secret = settings.document_key.get_secret_value() if settings.document_key else None
    with db.write_session(engine) as session:
        old = documents.clinic_key(session, secret=secret, path=settings.document_key_file)
        new = DocumentKey.from_secret(read_or_create_secret(new_key_file))
        ids = session.exec(select(Document.id).order_by(Document.id)).all()
        for document_id in ids:  # one at a time: a clinic's documents need not fit in memory
            document = session.get(Document, document_id)
            plain = old.unseal(document.sealed, media_type=document.media_type)
            document.sealed = new.seal(plain, media_type=document.media_type)
            document.key_id, document.digest = new.key_id, new.digest(plain)
            session.flush()
            session.expunge(document)
    return len(ids)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk_core.records.document_rekey", description=rotate.__doc__)
    parser.add_argument("new_key_file", type=Path, metavar="NEW_KEY_FILE", help="where the new key is written (0600)")
    args = parser.parse_args(argv)
    try:
        count = rotate(engine=db.get_engine(), new_key_file=args.new_key_file)
    except DocumentsOff as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"{count} document(s) sealed again under the key in {args.new_key_file}.")
    print(f"Now put it in place of {settings.document_key_file} (or set KIOSK_DOCUMENT_KEY) on every server and")
    print("restart them. Keep the old key with the backups made before today: they need it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
