"""The contract between the runtime and the dialogue: what comes in, what goes out."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class AttachmentKind(StrEnum):
    """What a person can send besides text."""

    PHOTO = "photo"
    DOCUMENT = "document"
    VOICE = "voice"
    VIDEO = "video"
    STICKER = "sticker"
    UNREADABLE = "unreadable"
    """A file that did not reach us whole: too large, of a kind we cannot open, or gone."""


@dataclass(frozen=True)
class Attachment:
    """A file the person sent; `ref` is the channel's handle for fetching it later."""

    kind: AttachmentKind
    name: str = ""
    ref: str = ""

    def plain(self) -> dict[str, str]:
        """The fields as plain values, to store as JSON."""
        return {"kind": self.kind.value, "name": self.name, "ref": self.ref}


@dataclass(frozen=True)
class Location:
    """A shared map pin: a place on Earth (anything else raises ValueError)."""

    lat: float
    lon: float

    def __post_init__(self) -> None:
        if not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):  # NaN fails both
            raise ValueError("a map pin needs lat from -90 to 90 and lon from -180 to 180")


def pin(lat: Any, lon: Any) -> Location | None:
    """The map pin a platform sent as two numbers (or numerals), or None when they are not
    a place on Earth."""
    try:
        return Location(float(lat), float(lon))
    except (TypeError, ValueError, OverflowError):
        return None


@dataclass(frozen=True)
class Incoming:
    """One message from a person, whatever app it came from."""

    channel: str
    user: str
    message_id: str
    text: str = ""
    option: str | None = None
    attachments: tuple[Attachment, ...] = ()
    location: Location | None = None
    edited: bool = False
    """An earlier message changed after it was sent: never replayed as a new answer."""
    language: str = ""
    """The language the person's app is set to, where the app says ("en", "ar")."""
    phone: str | None = None
    """The number the person writes from, where the app shows it (WhatsApp)."""

    @property
    def user_key(self) -> str:
        """The person's identity across turns: channel and address."""
        return f"{self.channel}:{self.user}"


@dataclass(frozen=True)
class Option:
    """A choice offered to the person: a short ASCII code and the label they read.

    `means` marks the option a plain "yes" (True) or "no" (False) chooses.
    """

    code: str
    label: str
    means: bool | None = None

    def plain(self) -> dict[str, str | bool | None]:
        """The fields as plain values, to store as JSON."""
        return {"code": self.code, "label": self.label, "means": self.means}


@dataclass(frozen=True)
class Reply:
    """One message to a person. How options look is the channel's business."""

    text: str
    options: tuple[Option, ...] = field(default=())
    attachments: tuple[Attachment, ...] = field(default=())
