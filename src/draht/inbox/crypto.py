"""Secrets stored in the database (mailbox passwords), encrypted with a key from the settings."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def key_material() -> bytes:
    secret = settings.DRAHT_ENCRYPTION_KEY or settings.SECRET_KEY
    return hashlib.sha256(f"draht-secrets:{secret}".encode()).digest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(key_material()))


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """The stored secret; raises ValueError when it was encrypted with another key."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError("the stored password was encrypted with another key; enter it again") from None
