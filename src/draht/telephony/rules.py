"""Telephone-system webhooks are signed like every webhook of draht (draht.core.signing): requests older than
five minutes fail, and a replay within the window changes nothing because events only move a call forward."""

from draht.core.signing import TOLERANCE_SECONDS, sign, verify

__all__ = ["TOLERANCE_SECONDS", "sign", "verify"]
