"""Browser ids for the website chat: random, kept in the browser, signed by the server.

An id is a random part (the person's address) and its HMAC under a key only the server
holds, so the server accepts no id it did not issue, and knowing an address (from the
database, say) is not enough to write as that person.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

RANDOM_BYTES = 18
"""144 random bits: never guessed, never repeated."""
_ADDRESS = len(secrets.token_urlsafe(RANDOM_BYTES))
_LONGEST = 128
"""Characters an id may have before it is even checked (it has 68)."""


class Visitors:
    """Issues browser ids and tells which person a presented id belongs to."""

    def __init__(self, key: str) -> None:
        self._key = key.encode()

    def issue(self) -> str:
        """A new id: a fresh random address and its signature."""
        address = secrets.token_urlsafe(RANDOM_BYTES)
        return f"{address}.{self._sign(address)}"

    def person(self, presented: str | None) -> str | None:
        """The address of an id this server issued; None for anything else."""
        if not presented or len(presented) > _LONGEST:
            return None
        address, _, signature = presented.partition(".")
        expected = self._sign(address)
        if len(address) != _ADDRESS or not hmac.compare_digest(
            signature.encode(errors="replace"), expected.encode()
        ):
            return None
        return address

    def _sign(self, address: str) -> str:
        digest = hmac.digest(self._key, address.encode(errors="replace"), hashlib.sha256)
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
