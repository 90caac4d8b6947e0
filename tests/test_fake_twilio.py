"""The fake Twilio refuses what Twilio's published spec refuses, as Twilio answers it, and
models the 24-hour window and status callbacks: driven by the real twilio-python client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from bot.clock import Clock
from tests.fakes.twilio_api import ACCOUNT, SENDER, TOKEN, FakeTwilio

NOURA = "+966551234567"
UPDATE = "HX" + "1" * 32
CALLBACK = "https://bot.example.org/whatsapp/status"


async def _client(twilio: FakeTwilio, account: str = ACCOUNT) -> AsyncIterator[Client]:
    http = AsyncTwilioHttpClient()
    client = Client(account, TOKEN, http_client=http)
    client.api.base_url = twilio.root
    # the fake checks the account in the path; authenticate as the one it knows
    client.auth = (ACCOUNT, TOKEN)
    yield client
    await http.close()


async def _send(twilio: FakeTwilio, account: str = ACCOUNT, **fields: Any) -> Any:
    async for client in _client(twilio, account):
        return await client.messages.create_async(**{"from_": SENDER, **fields})


@pytest.mark.parametrize(
    ("fields", "status", "code"),
    [
        ({"to": "+966551234567", "body": "مرحبا"}, 400, 21211),
        ({"to": f"whatsapp:{NOURA}", "body": "ت" * 1601}, 400, 21617),
        ({"to": f"whatsapp:{NOURA}", "body": "x", "from_": "whatsapp:+10000"}, 400, 63007),
        ({"to": f"whatsapp:{NOURA}", "body": "x", "content_sid": UPDATE}, 400, 20001),
        (
            {"to": f"whatsapp:{NOURA}", "content_sid": UPDATE, "content_variables": "{1}"},
            400,
            21656,
        ),
        ({"to": f"whatsapp:{NOURA}", "content_sid": UPDATE, "content_variables": "{}"}, 400, 21656),
        ({"to": f"whatsapp:{NOURA}", "content_sid": "HX" + "9" * 32}, 400, 21655),
        ({"to": f"whatsapp:{NOURA}", "body": "x", "status_callback": "/status"}, 400, 21609),
        ({"to": f"whatsapp:{NOURA}", "body": "x", "media_url": ["file:///etc/passwd"]}, 400, 21620),
        ({"to": f"whatsapp:{NOURA}", "body": "x", "account": "AC" + "1" * 32}, 404, 20404),
    ],
)
async def test_a_malformed_call_is_answered_as_twilio_does_and_fails_the_test(
    fields: dict[str, Any], status: int, code: int
) -> None:
    account = fields.pop("account", ACCOUNT)
    with pytest.raises(AssertionError, match="the bot called Twilio wrongly"):
        await _refused(account, fields, status, code)


async def _refused(account: str, fields: dict[str, Any], status: int, code: int) -> None:
    """Send `fields`; Twilio's error comes back, and nothing is accepted."""
    async with FakeTwilio() as twilio:
        twilio.template(UPDATE, {"twilio/text": {"body": "تحديث على طلبك {{1}}"}})
        with pytest.raises(TwilioRestException) as refused:
            await _send(twilio, account, **fields)
        assert (refused.value.status, refused.value.code) == (status, code)
        assert twilio.messages == []


async def test_a_template_the_content_api_would_refuse_cannot_be_registered() -> None:
    async with FakeTwilio() as twilio:
        with pytest.raises(AssertionError, match="actions is missing"):
            twilio.template(UPDATE, {"twilio/quick-reply": {"body": "{{1}}"}})
        with pytest.raises(AssertionError, match="colour is not a known field"):
            twilio.template(UPDATE, {"twilio/text": {"body": "x", "colour": "red"}})


async def test_an_error_a_test_asks_for_is_not_a_violation() -> None:
    async with FakeTwilio() as twilio:
        twilio.fail(500, 20500, "Internal Server Error")
        with pytest.raises(TwilioRestException) as refused:
            await _send(twilio, to=f"whatsapp:{NOURA}", body="مرحبا")
        assert refused.value.code == 20500
        await _send(twilio, to=f"whatsapp:{NOURA}", body="مرحبا")
        assert twilio.violations == []


async def test_the_window_free_form_fails_outside_it_by_callback_and_a_template_goes() -> None:
    clock = Clock()
    posted: list[dict[str, str]] = []

    async def bot(url: str, form: dict[str, str], headers: dict[str, str]) -> int:
        assert RequestValidator(TOKEN).validate(url, form, headers["X-Twilio-Signature"])
        posted.append(form)
        return 204

    async with FakeTwilio(clock.now) as twilio:
        twilio.callbacks = bot
        twilio.template(UPDATE, {"twilio/text": {"body": "تحديث على طلبك {{1}}"}})
        twilio.inbound(NOURA, "مرحبا")
        inside = await _send(twilio, to=f"whatsapp:{NOURA}", body="أهلًا", status_callback=CALLBACK)
        clock.advance(timedelta(hours=24))
        outside = await _send(twilio, to=f"whatsapp:{NOURA}", body="رد", status_callback=CALLBACK)
        assert outside.status == "queued"  # accepted, as Twilio does, then failed
        update = await _send(
            twilio,
            to=f"whatsapp:{NOURA}",
            content_sid=UPDATE,
            content_variables='{"1": "123456"}',
            status_callback=CALLBACK,
        )
        await twilio.report()
    reports = [
        (form["MessageSid"], form["MessageStatus"], form.get("ErrorCode")) for form in posted
    ]
    assert reports == [
        (inside.sid, "sent", None),
        (inside.sid, "delivered", None),
        (outside.sid, "failed", "63016"),
        (update.sid, "sent", None),
        (update.sid, "delivered", None),
    ]
    assert [sent.sid for sent in twilio.sent_to(NOURA)] == [inside.sid, update.sid]
