"""The policy file schema: everything an association's policy says, as data.

The model is pure (no file access); `bot.policy` reads TOML into it.
"""

from __future__ import annotations

from datetime import datetime, time
from enum import StrEnum
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A text in the association's words: Arabic always, English when the file gives it.

    In TOML a plain string is the Arabic text; `{ ar = "...", en = "..." }` adds English.
    """

    ar: str = Field(min_length=1)
    en: str | None = Field(default=None, min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _plain_string_is_arabic(cls, value: Any) -> Any:
        return {"ar": value} if isinstance(value, str) else value

    def in_(self, lang: str) -> str:
        """The text in `lang`, falling back to Arabic."""
        return self.en if lang == "en" and self.en else self.ar


class Choice(Text):
    """One answer a 'choice' field offers; `confidential` routes the ticket to supervisors only.

    `also` lists words people use for it («كرسي متحرك» for medical devices, «بالليل» for
    evenings): an answer with words of one choice only picks that choice.
    """

    confidential: bool = False
    also: list[str] = []


class Item(_Strict):
    """One line of a list in the policy (a channel, a tool, a step), with optional sub-items."""

    text: Text
    items: list[Text] = []

    @model_validator(mode="before")
    @classmethod
    def _plain_value_is_text(cls, value: Any) -> Any:
        plain = isinstance(value, str) or (isinstance(value, dict) and "ar" in value)
        return {"text": value} if plain else value


Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)
"""In `datetime.weekday()` order."""


class OpenHours(_Strict):
    """When staff answer, as the phone line reads it to tell a caller it is closed."""

    days: list[Weekday] = Field(min_length=1)
    opens: time
    closes: time

    @model_validator(mode="after")
    def _opens_first(self) -> OpenHours:
        if self.closes <= self.opens:
            raise ValueError("closes must come after opens")
        return self

    def open_at(self, moment: datetime) -> bool:
        """Whether staff answer at `moment` (a time in the association's zone)."""
        day = WEEKDAYS[moment.weekday()]
        return day in self.days and self.opens <= moment.time() < self.closes


class Association(_Strict):
    """Who the association is and how to reach it."""

    name: Text
    short_name: Text
    registration: Text
    city: Text | None = None
    phones: list[str] = []
    emails: list[str] = []
    website: str | None = None
    social: list[str] = []
    approval: Text | None = None
    working_hours: Text | None = Field(
        default=None, description="When staff answer, e.g. 'Sunday to Thursday, 8 am to 3 pm'."
    )
    hours: OpenHours | None = Field(
        default=None,
        description="The same hours as days and times, so the phone line knows it is closed.",
    )

    @model_validator(mode="after")
    def _hours_in_words(self) -> Association:
        if self.hours and not self.working_hours:
            raise ValueError("hours needs working_hours: the words a caller hears")
        return self


class Audience(_Strict):
    """Whom the policy serves: beneficiaries, or General Assembly members."""

    singular: Text
    plural: Text
    feminine: bool = Field(
        default=False,
        description="Address the person in the feminine (an association that serves women).",
    )


class Review(_Strict):
    """What happens after a request is submitted, and when."""

    body: Text = Field(description="Who studies the request and decides (committee or department).")
    period_days: int | None = Field(
        default=None,
        ge=1,
        le=365,
        description="Days until the answer; absent means 'as soon as possible'.",
    )
    wording: Text = Field(description="The policy's own sentence about the review and its period.")
    referral: Text = Field(description="The officer unclear procedures are referred to.")
    minimum_period: bool = Field(
        default=False,
        description="The period is a minimum ('not less than two weeks'), not a deadline.",
    )
    field_visits: bool = False
    periodic_review_days: int | None = Field(default=None, ge=1, le=3650)


class FieldType(StrEnum):
    """The kinds of answer a form field accepts."""

    TEXT = "text"
    NAME = "name"
    PLACE = "place"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    """An identifier in digits (a membership or reference number): stored in 0-9."""
    NATIONAL_ID = "national_id"
    MOBILE = "mobile"
    INTEGER = "integer"
    AMOUNT = "amount"
    DATE = "date"
    CHOICE = "choice"
    YES_NO = "yes_no"
    RATING = "rating"
    ATTACHMENT = "attachment"
    LOCATION = "location"


class FormField(_Strict):
    """One question of a form."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=32)
    label: Text = Field(description="A short name for the summary, e.g. 'رقم الجوال'.")
    prompt: Text
    type: FieldType
    required: bool = True
    min: float | None = None
    max: float | None = None
    choices: list[Choice] = []
    multiple: bool = False
    yes: list[str] = Field(
        default=[],
        description="Words that answer this yes/no question yes in its own terms («بدون اسم»).",
    )
    no: list[str] = Field(default=[], description="Words that answer it no («اكتبوا اسمي»).")

    @model_validator(mode="after")
    def _type_specific(self) -> FormField:
        if self.type is FieldType.CHOICE and len(self.choices) < 2:
            raise ValueError("a 'choice' field needs at least two choices")
        if self.type is not FieldType.CHOICE and self.choices:
            raise ValueError(f"'choices' only belongs to 'choice' fields, not '{self.type}'")
        bounded = {FieldType.INTEGER, FieldType.AMOUNT}
        if (self.min is not None or self.max is not None) and self.type not in bounded:
            raise ValueError("'min' and 'max' only belong to 'integer' and 'amount' fields")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("'min' is greater than 'max'")
        if (self.yes or self.no) and self.type is not FieldType.YES_NO:
            raise ValueError("'yes' and 'no' only belong to 'yes_no' fields")
        if self.multiple and self.type is not FieldType.ATTACHMENT:
            raise ValueError("'multiple' only belongs to 'attachment' fields")
        return self


class Form(_Strict):
    """A data-collecting flow: a title, an optional introduction and its questions."""

    title: Text
    intro: Text | None = None
    personal_data: bool = Field(
        default=True,
        description="Whether the form collects personal data (consent is asked first).",
    )
    consent: Text | None = Field(
        default=None,
        description="The data-protection notice for this form: what it collects, why, who sees it.",
    )
    summary: bool = Field(
        default=True, description="Whether answers are shown for checking before submission."
    )
    fields: list[FormField] = Field(min_length=1)

    def confidential_choice(self) -> tuple[FormField, int] | None:
        """The question and the choice that make a ticket confidential (a complaint about a
        staff member, for supervisors only), if the form has one."""
        for field in self.fields:
            for number, choice in enumerate(field.choices):
                if choice.confidential:
                    return field, number
        return None

    @model_validator(mode="after")
    def _consent_for_personal_data(self) -> Form:
        if self.personal_data and self.consent is None:
            raise ValueError("a form that collects personal data needs its own 'consent' notice")
        return self

    @model_validator(mode="after")
    def _unique_keys(self) -> Form:
        seen: set[str] = set()
        for field in self.fields:
            if field.key in seen:
                raise ValueError(f"field key '{field.key}' is used twice")
            seen.add(field.key)
        return self


class Forms(_Strict):
    """The forms every association runs."""

    request: Form
    complaint: Form
    suggestion: Form
    volunteer: Form
    survey: Form


class Timings(_Strict):
    """Periods the runtime keeps; each has a sensible default."""

    first_response_hours: int = Field(default=48, ge=1)
    complaint_response_days: int | None = Field(
        default=None, ge=1, description="Days to answer a complaint; absent promises no period."
    )
    draft_expiry_days: int = Field(default=7, ge=1)
    survey_delay_hours: int = Field(default=24, ge=0)
    survey_reminder_hours: int = Field(default=48, ge=1)
    survey_expiry_days: int = Field(default=7, ge=1)
    retention_days: int = Field(default=730, ge=30)
    """Personal data of a ticket closed this long ago is anonymised (the figures stay)."""
    digest_day: Weekday = "sunday"
    """The day the supervisors' weekly digest is sent (Riyadh time)."""
    digest_hour: int = Field(default=8, ge=0, le=23)

    @model_validator(mode="after")
    def _reminder_before_expiry(self) -> Timings:
        if self.survey_reminder_hours >= self.survey_expiry_days * 24:
            raise ValueError("survey_reminder_hours must come before survey_expiry_days ends")
        return self


class Branch(_Strict):
    """A branch office (مكتب فرعي) and the cities it serves."""

    name: Text
    cities: list[str] = Field(min_length=1)
    staff_chat: int | None = Field(
        default=None,
        lt=0,
        description="The branch staff's own Telegram group: its tickets are posted and "
        "worked there instead of the staff group.",
    )


class Policy(_Strict):
    """An association's policy organising its relationship with the people it serves."""

    association: Association
    audience: Audience
    welcome: Text
    general_goal: Text
    objectives: list[Item] = Field(min_length=1)
    channels: list[Item] = Field(min_length=1)
    tools: list[Item] = Field(min_length=1)
    procedure: list[Item] = Field(min_length=1)
    rights: list[Text] = Field(min_length=1)
    review: Review
    declaration: Text
    forms: Forms
    timings: Timings = Timings()
    branches: list[Branch] = []
    """Branch offices; a ticket goes to the one serving the person's city."""
