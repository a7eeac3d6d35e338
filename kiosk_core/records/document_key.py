"""The key that encrypts outside documents at rest, and the sealing itself (AES-256-GCM).

The secret is `KIOSK_DOCUMENT_KEY`, or else the key file (`KIOSK_DOCUMENT_KEY_FILE`, by default
`data/document-key`), made owner-only with 256 random bits like the PIN pepper
(kiosk_core.secret_files) -- but only while no document is stored: a key file missing when
documents exist is never replaced by a new one (the old documents would be unreadable, and a
mix of two keys worse); the documents feature stops and says why instead.

From the secret, HKDF-SHA256 derives two keys: one for AES-GCM, one for an HMAC that names the key
(`key_id`, stored with each document, so a wrong key is known before anything is decrypted or
written) and that fingerprints a file's bytes (`digest`: a double tap keeps one copy; without the
key it says nothing, where a plain SHA-256 would let anyone holding a copy of a report confirm
that this client brought it).

A sealed document is b"KD1", a 96-bit random nonce, then the ciphertext and its 128-bit tag. The
media type is authenticated with it: a tag that fails (wrong key, a changed byte) is
`SealBroken`, never wrong bytes shown.
"""

import hashlib
import hmac
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kiosk_core.errors import KioskError
from kiosk_core.secret_files import SECRET_MIN_LENGTH, SecretFileError, read_or_create_secret

MAGIC = b"KD1"
NONCE_BYTES = 12
_INFO = b"kiosk outside documents v1"


class DocumentsOff(KioskError):
    """The documents feature can't run on this server; the message tells staff what to do.
    Staff screens are in English: these messages are not translated."""

    message = "Outside documents are switched off on this server: its document key can't be used."


class DocumentKeyMissing(DocumentsOff):
    message = (
        "Outside documents are switched off: the document key ({path}) is missing, and {count} document(s)"
        " are stored. Put the key file back (from where it is kept apart from the backups) or set"
        " KIOSK_DOCUMENT_KEY, then restart. A new key is never made while documents exist."
    )


class DocumentKeyWrong(DocumentsOff):
    message = (
        "Outside documents are switched off: this server's document key is not the one the stored"
        " documents were encrypted with. Give every server the clinic's key (KIOSK_DOCUMENT_KEY or"
        " {path}), then restart. Nothing was changed."
    )


class SealBroken(DocumentsOff):
    """The tag of one sealed document failed: sealed under another key, or its bytes changed."""

    message = (
        "This document can't be opened: it was sealed with another key, or its stored bytes were changed."
        " Nothing was changed; a backup holds it as it was."
    )


@dataclass(frozen=True, repr=False)
class DocumentKey:
    aes_key: bytes
    mac_key: bytes

    @classmethod
    def from_secret(cls, secret: str) -> "DocumentKey":
        derived = HKDF(algorithm=hashes.SHA256(), length=64, salt=None, info=_INFO).derive(secret.strip().encode())
        return cls(derived[:32], derived[32:])

    @property
    def key_id(self) -> str:
        return hmac.new(self.mac_key, b"key id", hashlib.sha256).hexdigest()[:16]

    def digest(self, plain: bytes) -> str:
        return hmac.new(self.mac_key, plain, hashlib.sha256).hexdigest()

    def seal(self, plain: bytes, *, media_type: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return MAGIC + nonce + AESGCM(self.aes_key).encrypt(nonce, plain, media_type.encode())

    def unseal(self, sealed: bytes, *, media_type: str) -> bytes:
        """The plain bytes; SealBroken if the tag fails (another key, or altered bytes)."""
        sealed = bytes(sealed)
        if not sealed.startswith(MAGIC) or len(sealed) < len(MAGIC) + NONCE_BYTES + 16:
            raise SealBroken()
        nonce, body = sealed[len(MAGIC) : len(MAGIC) + NONCE_BYTES], sealed[len(MAGIC) + NONCE_BYTES :]
        try:
            return AESGCM(self.aes_key).decrypt(nonce, body, media_type.encode())
        except InvalidTag:
            raise SealBroken() from None


def load_key(*, secret: str | None, path: Path, stored: int) -> DocumentKey:
    """The clinic's document key: `secret` (KIOSK_DOCUMENT_KEY) if given, else the key file; a
    missing file is made only while `stored` (the documents in the database) is 0."""
    if secret is not None:
        if len(secret.strip()) < SECRET_MIN_LENGTH:
            raise DocumentsOff(f"KIOSK_DOCUMENT_KEY must be {SECRET_MIN_LENGTH} characters at least (a random secret).")
        return DocumentKey.from_secret(secret)
    path = Path(path)
    if not path.exists() and stored:
        raise DocumentKeyMissing(path=str(path), count=stored)
    try:
        return DocumentKey.from_secret(read_or_create_secret(path))
    except SecretFileError as error:
        raise DocumentsOff(f"Outside documents are switched off: {error}") from error
    except OSError as error:
        raise DocumentsOff(f"Outside documents are switched off: {path} can't be read ({error.strerror}).") from error
