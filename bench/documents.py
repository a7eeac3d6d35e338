"""Keeping a 5 MB photo of a document: sealed (AES-256-GCM, the keyed digest) and stored in the
database, against writing the same plain bytes, side by side in one run:

- plain file: the bytes written to a file and fsync'd (what a plain "uploads" folder would cost);
- plain row: the bytes stored as they are in a row of the document table, committed;
- sealed row: `documents.clinic_key` (the key read and checked), `add_document` (digest, seal,
  insert), committed: what the tablet, the phone and the chart pay once a file has been checked;
- checked + sealed: the same after `check_document` (type, size, pixel count, a cheap decode).

    .venv/bin/python -m bench.documents [--db sqlite|postgres] [--rounds 10] [--mb 5]

Prints medians in ms; the goal is a sealed row under 300 ms. Asserts nothing about speed.
"""

import argparse
import io
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import sqlalchemy as sa
from PIL import Image

from bench.load import FreshDatabase
from kiosk_core import db
from kiosk_core.clients.registry import ClientCreate, register_client
from kiosk_core.percentile import median
from kiosk_core.records import documents
from kiosk_core.records.document_files import JPEG, CheckedFile, check_document
from kiosk_core.records.document_table import Document

LIMIT = 10 * 1024 * 1024


def photo_of(megabytes: float) -> bytes:
    """A noisy JPEG (a phone photo of a page compresses as badly) of about `megabytes`."""
    rng = np.random.default_rng(7)

    def jpeg(width: int) -> bytes:
        out = io.BytesIO()
        Image.fromarray(rng.integers(0, 256, (width * 3 // 4, width, 3), dtype=np.uint8)).save(out, "JPEG", quality=90)
        return out.getvalue()

    sample = jpeg(1000)  # bytes per pixel of such noise, then the width that makes `megabytes`
    return jpeg(int(1000 * (megabytes * 1024 * 1024 / len(sample)) ** 0.5))


def timed(rounds: int, step) -> float:
    times = []
    for number in range(rounds):
        started = time.perf_counter()
        step(number)
        times.append((time.perf_counter() - started) * 1000)
    return median(times)


def run(kind: str, photo: bytes, rounds: int) -> dict[str, float]:
    key_file = Path(tempfile.mkdtemp(prefix="kiosk-bench-key-")) / "document-key"
    plain_dir = tempfile.mkdtemp(prefix="kiosk-bench-plain-")
    with FreshDatabase(kind) as url:
        engine = db.make_engine(url)
        with db.write_session(engine) as session:
            client_id = register_client(
                session=session, client_create=ClientCreate(first_name="Bench", last_name="Docs", phone="3150000003")
            ).client.id

        def plain_file(number: int) -> None:
            with open(os.path.join(plain_dir, f"{number}.jpg"), "wb") as out:
                out.write(photo)
                out.flush()
                os.fsync(out.fileno())

        def plain_row(number: int) -> None:
            with db.write_session(engine) as session:
                row = {"kind": "other", "media_type": "image/jpeg", "size": len(photo), "source": "staff"}
                session.add(Document(client_id=client_id, digest=f"plain{number}", key_id="plain", sealed=photo, **row))

        def sealed_row(number: int, *, check: bool = False) -> None:
            data = photo + number.to_bytes(4, "big") + (b"c" if check else b"s")  # after the JPEG's end: a new file
            checked = check_document(data, max_bytes=LIMIT) if check else _as_checked(data)
            with db.write_session(engine) as session:
                key = documents.clinic_key(session, secret=None, path=key_file)
                documents.add_document(session=session, key=key, client_id=client_id, kind="mri",
                                       checked=checked, source="tablet")  # fmt: skip

        sealed_row(10_000)  # the key file made, the table warm
        figures = {"plain file": timed(rounds, plain_file), "plain row": timed(rounds, plain_row)}
        with db.write_session(engine) as session:  # rows under no key would stop the sealed ones
            session.execute(sa.delete(Document).where(Document.key_id == "plain"))
        figures["sealed row"] = timed(rounds, sealed_row)
        figures["checked + sealed row"] = timed(rounds, lambda n: sealed_row(n, check=True))
        engine.dispose()
    return figures


def _as_checked(data: bytes) -> CheckedFile:
    return CheckedFile(JPEG, data, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--mb", type=float, default=5)
    args = parser.parse_args()
    photo = photo_of(args.mb)
    size = Image.open(io.BytesIO(photo)).size
    print(f"photo: {len(photo) / 1024 / 1024:.2f} MB JPEG, {size[0]}x{size[1]}; medians of {args.rounds}")
    for kind in args.db or ["sqlite", "postgres"]:
        figures = run(kind, photo, args.rounds)
        base = figures["plain file"]
        line = ", ".join(f"{name} {ms:.1f} ms ({ms / base:.1f}x)" for name, ms in figures.items())
        print(f"{kind}: {line}")


if __name__ == "__main__":
    main()
