"""Settings from the environment (and an optional .env file), checked at start-up."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot import policy as policy_files
from bot.desk.roles import Roles
from bot.storage.backup import Schedule

SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
"""What Telegram accepts as a webhook's secret token."""
WEBHOOK_PORTS = (443, 80, 88, 8443)
"""The only ports Telegram calls a webhook on (and Twilio is pointed at the same root)."""
WEB_CHAT_SECRET = 32
"""Characters at least of the key the website chat signs its browser ids with."""


class SettingsError(Exception):
    """Settings that cannot work; the message is one line for the operator."""


class Settings(BaseSettings):
    """Everything an operator configures. Every variable starts with BOT_."""

    model_config = SettingsConfigDict(
        env_prefix="BOT_", env_file=".env", env_ignore_empty=True, extra="ignore"
    )

    policy: str = "mishkat"
    database: Path = Path("var/bot.sqlite3")
    log_level: str = "WARNING"
    telegram_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    telegram_secret: SecretStr | None = None
    telegram_staff_chat: int | None = None
    telegram_supervisors_chat: int | None = None
    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    twilio_signing_key: SecretStr | None = None
    twilio_whatsapp_from: str | None = None
    twilio_api_url: str = "https://api.twilio.com"
    twilio_update_template: str | None = None
    twilio_quick_replies: dict[int, str] = Field(default_factory=dict)
    twilio_voice: bool = False
    """Answer the account's phone number too (its "A call comes in" webhook: /voice)."""
    public_url: str | None = None
    web_chat: bool = False
    web_chat_secret: SecretStr | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    staff: str = ""
    supervisors: str = ""
    admins: str = ""
    """Comma-separated Telegram user ids who set the bot up in chat (`/setup`, `/staff add`)."""
    durability: Literal["normal", "full"] = "normal"
    backup_folder: Path | None = None
    backup_keep: int = Field(default=7, ge=1)

    @field_validator("policy")
    @classmethod
    def _policy_exists(cls, value: str) -> str:
        try:
            policy_files.resolve(value)
        except policy_files.PolicyError as exc:
            raise ValueError(str(exc.problems[0].message)) from None
        return value

    @field_validator("telegram_api_url", "twilio_api_url", "public_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/") if value else value

    @field_validator("public_url")
    @classmethod
    def _webhook_root(cls, value: str | None) -> str | None:
        if value is None:
            return value
        parts = urlsplit(value)
        try:
            port = parts.port or 443
        except ValueError:
            port = 0
        if parts.scheme != "https" or not parts.hostname or port not in WEBHOOK_PORTS:
            *first, last = map(str, WEBHOOK_PORTS)
            raise ValueError(f"must be https:// on port {', '.join(first)} or {last}")
        return value

    @field_validator("telegram_secret")
    @classmethod
    def _secret_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not SECRET_TOKEN.fullmatch(value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("web_chat_secret")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < WEB_CHAT_SECRET:
            raise ValueError(f"must be at least {WEB_CHAT_SECRET} characters")
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return level

    @model_validator(mode="after")
    def _whatsapp_complete(self) -> Settings:
        if self.twilio_account_sid:
            needed = {
                "twilio_auth_token": self.twilio_auth_token,
                "twilio_whatsapp_from": self.twilio_whatsapp_from,
                "public_url": self.public_url,
            }
            missing = [f"BOT_{name.upper()}" for name, value in needed.items() if not value]
            if missing:
                raise ValueError(f"WhatsApp also needs {', '.join(missing)}")
        if self.twilio_voice and not self.twilio_account_sid:
            raise ValueError("BOT_TWILIO_VOICE needs the Twilio account: BOT_TWILIO_ACCOUNT_SID")
        return self

    @property
    def serves(self) -> bool:
        """Whether `run` serves (a chat app, or the website chat) rather than the console."""
        return bool(self.telegram_token or self.twilio_account_sid or self.web_chat)

    @property
    def roles(self) -> Roles:
        """Staff and supervisors, from comma-separated ids (supervisors are staff too)."""
        return Roles.parse(self.staff, self.supervisors)

    @property
    def admin_ids(self) -> frozenset[str]:
        """The Telegram users who may set the bot up in chat."""
        return frozenset(filter(None, (a.strip() for a in self.admins.split(","))))

    @property
    def backups(self) -> Schedule | None:
        """The daily backups asked for, if any."""
        return Schedule(self.backup_folder, self.backup_keep) if self.backup_folder else None


def load_settings(**overrides: object) -> Settings:
    """Read the settings; raise SettingsError with one clear line when they are wrong."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        name = f"BOT_{str(error['loc'][0]).upper()}" if error["loc"] else "settings"
        raise SettingsError(f"{name}: {error['msg']} (got {error.get('input')!r})") from None
    except OSError as exc:  # a .env this user may not read (written by root, mode 0600)
        raise SettingsError(f".env: cannot be read ({exc.strerror}): {exc.filename}") from None
