"""WhatsApp through Twilio: signed webhooks into the real ASGI app, the real twilio-python
client talking HTTP to a fake Twilio on loopback, and the Telegram staff desk beside it."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.datastructures import MultiDict
from telegram import Update
from twilio.request_validator import HMAC_SHA256, SIGNATURE_SETTINGS_HEADER, RequestValidator

from bot.app import App, open_app
from bot.channels.staff_group import StaffGroup
from bot.channels.telegram import TelegramChannel
from bot.channels.whatsapp import CHANNEL, WhatsAppChannel
from bot.clock import Clock, stamp
from bot.desk.desk import StaffInput
from bot.desk.roles import Roles
from bot.flood import Flood
from bot.outbox import backoff, enqueue
from bot.phone.line import PhoneLine
from bot.serve import Platforms, assemble
from bot.storage.database import Changes
from bot.web import TWILIO_SIGNATURE
from conversations.messages import Reply
from tests.conftest import VALID_ID, rows
from tests.fakes.bot_api import Call, FakeBotAPI
from tests.fakes.twilio_api import ACCOUNT, TOKEN, FakeTwilio

PUBLIC = "https://bot.example.org"
SENDER = "whatsapp:+14155238886"
NOURA = "+966551234567"
TEMPLATE = "HX" + "1" * 32
BUTTONS = "HX" + "2" * 32
SHARED_KEY = "shared-signing-key"
GROUP, STAFFER = -1001, 7001
_NUMBERED = re.compile(r"^([0-9٠-٩]+)\. (.+)$", re.MULTILINE)


@dataclass
class WhatsApp:
    """The bot serving WhatsApp (and the Telegram staff group), and the fakes it talks to."""

    twilio: FakeTwilio
    api: FakeBotAPI
    app: App
    client: httpx.AsyncClient
    channel: WhatsAppChannel
    telegram: TelegramChannel
    ids: itertools.count[int]
    phone: PhoneLine | None = None

    async def post(
        self, path: str, params: dict[str, str], signature: str | None = None
    ) -> httpx.Response:
        """POST a form as Twilio does: signed over the public URL and every field."""
        if signature is None:
            signature = RequestValidator(TOKEN).compute_signature(f"{PUBLIC}{path}", params)
        headers = {TWILIO_SIGNATURE: signature} if signature else {}
        return await self.client.post(path, data=params, headers=headers)

    def message(self, text: str = "", person: str = NOURA, **extra: str) -> dict[str, str]:
        """The person writes on WhatsApp (their window opens): the webhook Twilio posts."""
        return self.twilio.inbound(person, text, ProfileName="نورة", **extra)

    async def say(self, text: str = "", person: str = NOURA, **extra: str) -> dict[str, str]:
        """Write as the person; return once the turn is done and its replies went out."""
        params = self.message(text, person, **extra)
        response = await self.post("/whatsapp", params)
        assert response.status_code == 200
        assert response.text.endswith("<Response/>")
        await self.settled()
        return params

    async def settled(self) -> None:
        """Wait for the messages being handled, then for their replies to be delivered."""
        await self.channel.drain()
        await self.app.outbox.deliver_due()

    def replies(self, person: str = NOURA) -> list[str]:
        """The texts Twilio accepted for the person, in order."""
        return [sent.body or "" for sent in self.twilio.sent_to(person)]

    async def choose(self, label: str, digits: str = "western") -> None:
        """Answer the last numbered list with the number of `label`."""
        last = self.replies()[-1]
        numbers = {name: number for number, name in _NUMBERED.findall(last)}
        number = str(int(numbers[label]))  # Arabic-Indic digits read as numbers
        if digits == "arabic":
            number = number.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        await self.say(number)

    async def handle(self, update: dict[str, Any]) -> None:
        application = self.telegram.application
        await application.process_update(Update.de_json(update, application.bot))

    async def staff_sees(self) -> list[Call]:
        await self.app.outbox.deliver_due()
        return self.api.sent_to(GROUP)


_QUICK_REPLY = {
    "twilio/quick-reply": {
        "body": "{{1}}",
        "actions": [{"title": "{{2}}", "id": "{{3}}"}, {"title": "{{4}}", "id": "{{5}}"}],
    }
}


async def _whatsapp(
    db: Path,
    template: str | None,
    buttons: dict[int, str] | None = None,
    signing_key: str | None = None,
    voice: bool = False,
    policy: str = "mishkat",
) -> AsyncIterator[WhatsApp]:
    """The bot on WhatsApp and its Telegram staff group (and the phone line, if `voice`)."""
    clock = Clock()
    async with FakeTwilio(clock.now, SENDER) as twilio, FakeBotAPI() as api:
        twilio.template(TEMPLATE, {"twilio/text": {"body": "لديك تحديث على طلبك رقم {{1}}"}})
        twilio.template(BUTTONS, _QUICK_REPLY)
        channel = WhatsAppChannel(
            ACCOUNT, TOKEN, SENDER, twilio.root, PUBLIC, template, buttons, signing_key
        )
        channel.not_yet = (0.0, 0.0)
        telegram = TelegramChannel(api.token, api.root, webhook=False)
        roles = Roles.parse(str(STAFFER), "")
        group = StaffGroup(telegram, GROUP)
        phone = PhoneLine(channel.download) if voice else None
        platforms = Platforms(telegram, channel, group, phone=phone)
        async with open_app(
            policy,
            db,
            platforms.senders,
            clock=clock,
            roles=roles,
            desk_channel=group,
            flood=Flood(),
        ) as app:
            site = await assemble(app, platforms, PUBLIC, "secret")
            transport = httpx.ASGITransport(app=site)
            async with (
                site.router.lifespan_context(site),
                httpx.AsyncClient(transport=transport, base_url="http://10.0.0.5:8080") as client,
            ):

                async def callback(url: str, form: dict[str, str], headers: dict[str, str]) -> int:
                    path = url.removeprefix(PUBLIC)
                    return (await client.post(path, data=form, headers=headers)).status_code

                twilio.callbacks = callback
                yield WhatsApp(
                    twilio, api, app, client, channel, telegram, itertools.count(1), phone
                )


@pytest.fixture
async def whatsapp(db_path: Path) -> AsyncIterator[WhatsApp]:
    async for running in _whatsapp(db_path, TEMPLATE):
        yield running


@pytest.fixture
async def untemplated(db_path: Path) -> AsyncIterator[WhatsApp]:
    async for running in _whatsapp(db_path, None):
        yield running


async def _submit(wa: WhatsApp) -> str:
    """A whole request, options chosen by number; the reference number given."""
    await wa.say("السلام عليكم")
    assert "تقديم طلب" in wa.replies()[-1]
    await wa.choose("تقديم طلب", digits="arabic")
    await wa.choose("أوافق")
    await wa.choose("مستلزمات وأدوات دراسية", digits="arabic")
    answers = ["نورة محمد السالم", "١٠٠٠٠٠٠٠٠٨", "٠٥٥١٢٣٤٥٦٧", "بريدة", "تخطي", "٥", "٣٥٠٠"]
    for answer in [*answers, "تخطي", "تخطي"]:
        await wa.say(answer)
    assert wa.replies()[-1].startswith("فضلًا راجع بياناتك:")
    await wa.choose("✅ البيانات صحيحة")
    await wa.choose("أقر وأوافق", digits="arabic")
    done = wa.replies()[-1]
    assert done.startswith("تم استلام طلبك ✅\nرقم الطلب: ")
    return done.split("رقم الطلب: ")[1].split()[0]


async def test_a_whole_request_by_numbers_in_both_scripts(
    whatsapp: WhatsApp, db_path: Path
) -> None:
    ref = await _submit(whatsapp)
    [(channel, user_key, data)] = rows(db_path, "SELECT channel, user_key, data FROM tickets")
    assert (channel, user_key) == (CHANNEL, f"whatsapp:{NOURA}")
    assert VALID_ID in data
    menu = whatsapp.replies()[1]
    assert "١. تقديم طلب" in menu  # an Arabic list, numbered in Arabic
    assert all(sent.callback == f"{PUBLIC}/whatsapp/status" for sent in whatsapp.twilio.messages)
    card = (await whatsapp.staff_sees())[0].params["text"]
    assert ref in card
    assert "واتساب" in card
    assert VALID_ID not in card


async def test_a_quick_reply_tap_is_the_chosen_option(whatsapp: WhatsApp) -> None:
    await whatsapp.say("مرحبا")
    await whatsapp.say(ButtonPayload="m:request", ButtonText="تقديم طلب")
    assert "هل توافق؟" in whatsapp.replies()[-1]


async def test_options_go_as_buttons_where_a_template_for_them_is_set(db_path: Path) -> None:
    async for wa in _whatsapp(db_path, TEMPLATE, buttons={2: BUTTONS}):
        await wa.say("مرحبا")
        await wa.say("ابي اقدم طلب")
        consent = wa.twilio.sent_to(NOURA)[-1]
        assert consent.content_sid == BUTTONS
        variables = json.loads(consent.variables or "{}")
        assert variables["1"].endswith("هل توافق؟")
        assert (variables["2"], variables["4"]) == ("أوافق", "لا أوافق")
        await wa.say(ButtonPayload=variables["3"], ButtonText="أوافق")
        assert "١. " in wa.replies()[-1]  # more options than buttons: a numbered list


async def test_a_photo_and_a_location_are_answered_and_the_photo_kept(
    whatsapp: WhatsApp, db_path: Path
) -> None:
    await whatsapp.say("مرحبا")
    photo = whatsapp.twilio.media(b"\xff\xd8 a photo", "image/jpeg", not_yet=1)
    await whatsapp.say(NumMedia="1", MediaUrl0=photo, MediaContentType0="image/jpeg")
    assert whatsapp.replies()[-1].startswith("شكرًا لك. أستطيع هنا قراءة الكتابة فقط")
    assert len(whatsapp.twilio.media_requests) == 2  # not there at first, asked again
    kept = list((db_path.parent / "media").glob("*/*"))
    assert [path.read_bytes() for path in kept] == [b"\xff\xd8 a photo"]
    await whatsapp.say(Latitude="24.71", Longitude="46.67")
    assert "أستطيع هنا قراءة الكتابة فقط" in whatsapp.replies()[-1]


@pytest.mark.parametrize(("lat", "lon"), [("999", "-500"), ("nan", "46.67"), ("24.71", "-inf")])
async def test_a_pin_off_the_map_reads_as_no_pin(whatsapp: WhatsApp, lat: str, lon: str) -> None:
    await whatsapp.say("مرحبا")
    await whatsapp.say(Latitude=lat, Longitude=lon)
    assert whatsapp.replies()[-1].startswith("لم تصلني أي كتابة. فضلًا اختر من القائمة.")
    await whatsapp.say("مرحبا")
    assert whatsapp.replies()[-1].startswith("أهلًا وسهلًا بك.")


async def test_a_file_that_cannot_be_kept_is_asked_for_again(whatsapp: WhatsApp) -> None:
    await whatsapp.say("ابي اقدم طلب")
    await whatsapp.choose("أوافق")
    await whatsapp.choose("مستلزمات وأدوات دراسية")
    answers = ["نورة محمد السالم", "١٠٠٠٠٠٠٠٠٨", "٠٥٥١٢٣٤٥٦٧", "بريدة", "تخطي", "٥", "٣٥٠٠"]
    for answer in [*answers, "تخطي"]:
        await whatsapp.say(answer)
    assert whatsapp.replies()[-1].startswith("السؤال 10 من 10")
    before = len(whatsapp.replies())
    program = whatsapp.twilio.media(b"MZ", "application/x-msdownload")
    await whatsapp.say(
        NumMedia="1", MediaUrl0=program, MediaContentType0="application/x-msdownload"
    )
    refused = whatsapp.replies()[before:]
    assert refused[0].startswith("لم يصلنا هذا الملف")
    assert refused[-1].startswith("السؤال 10 من 10")
    kept = whatsapp.twilio.media(b"%PDF-1.4", "application/pdf")
    await whatsapp.say(NumMedia="1", MediaUrl0=kept, MediaContentType0="application/pdf")
    assert "تم" in whatsapp.replies()[-1]


async def test_media_from_elsewhere_is_never_fetched_with_our_credentials(
    whatsapp: WhatsApp,
) -> None:
    await whatsapp.say("مرحبا")
    elsewhere = "https://evil.example/x.jpg"
    await whatsapp.say(NumMedia="1", MediaUrl0=elsewhere, MediaContentType0="image/jpeg")
    assert whatsapp.twilio.media_requests == []
    assert "أستطيع هنا قراءة الكتابة فقط" in whatsapp.replies()[-1]


async def test_unsigned_and_wrongly_signed_requests_change_nothing(
    whatsapp: WhatsApp, db_path: Path
) -> None:
    params = whatsapp.message("مرحبا")
    for path in ("/whatsapp", "/whatsapp/status"):
        assert (await whatsapp.post(path, params, signature="")).status_code == 403
        assert (await whatsapp.post(path, params, signature="bm90IGl0")).status_code == 403
    tampered = {**params, "Body": "تغيير"}
    good = RequestValidator(TOKEN).compute_signature(f"{PUBLIC}/whatsapp", params)
    assert (await whatsapp.post("/whatsapp", tampered, signature=good)).status_code == 403
    # signed over the internal address the proxy forwarded to, not the public one
    internal = RequestValidator(TOKEN).compute_signature("http://10.0.0.5:8080/whatsapp", params)
    assert (await whatsapp.post("/whatsapp", params, signature=internal)).status_code == 403
    await whatsapp.settled()
    assert rows(db_path, "SELECT count(*) FROM inbound") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM messages") == [(0,)]
    assert whatsapp.twilio.messages == []


def _post_form(wa: WhatsApp, fields: MultiDict, signature: str, **headers: str) -> Any:
    """POST a form whose fields may repeat, as Twilio does, with the signature given."""
    data = {key: fields.getlist(key) for key in fields}
    return wa.client.post("/whatsapp", data=data, headers={TWILIO_SIGNATURE: signature, **headers})


async def test_a_repeated_field_is_checked_as_twilio_signs_it(
    whatsapp: WhatsApp, db_path: Path
) -> None:
    await whatsapp.say("مرحبا")
    first = whatsapp.twilio.media(b"\xff\xd8 first", "image/jpeg")
    second = whatsapp.twilio.media(b"\xff\xd8 second", "image/jpeg")
    message = whatsapp.message(NumMedia="1", MediaContentType0="image/jpeg")
    fields = MultiDict([*message.items(), ("MediaUrl0", first), ("MediaUrl0", second)])
    signature = RequestValidator(TOKEN).compute_signature(f"{PUBLIC}/whatsapp", fields)
    tampered = MultiDict(
        [*message.items(), ("MediaUrl0", first), ("MediaUrl0", "https://evil.example/x")]
    )
    assert (await _post_form(whatsapp, tampered, signature)).status_code == 403
    sql = f"SELECT count(*) FROM inbound WHERE id = '{message['MessageSid']}'"
    assert rows(db_path, sql) == [(0,)]
    assert (await _post_form(whatsapp, fields, signature)).status_code == 200
    await whatsapp.settled()
    assert rows(db_path, sql) == [(1,)]
    assert "أستطيع هنا قراءة الكتابة فقط" in whatsapp.replies()[-1]


async def _signed_with_a_shared_key(wa: WhatsApp, key: str) -> int:
    """A message signed as a Twilio webhook rule with a SharedKey signs it (HMAC-SHA256)."""
    fields = MultiDict(wa.message("مرحبا"))
    url = f"{PUBLIC}/whatsapp"
    signature = RequestValidator(key).compute_signature(url, fields, HMAC_SHA256)
    settings = {SIGNATURE_SETTINGS_HEADER: f"key=webhooks_sharedkey_01,algorithm={HMAC_SHA256}"}
    return (await _post_form(wa, fields, signature, **settings)).status_code


async def test_a_shared_key_signature_is_accepted_only_when_its_key_is_configured(
    db_path: Path, tmp_path: Path
) -> None:
    async for wa in _whatsapp(tmp_path / "unconfigured.sqlite3", TEMPLATE):
        assert await _signed_with_a_shared_key(wa, SHARED_KEY) == 403
        assert await _signed_with_a_shared_key(wa, TOKEN) == 403  # not the token either
        await wa.settled()
        assert rows(tmp_path / "unconfigured.sqlite3", "SELECT count(*) FROM inbound") == [(0,)]
    async for wa in _whatsapp(db_path, TEMPLATE, signing_key=SHARED_KEY):
        assert await _signed_with_a_shared_key(wa, "another-key") == 403
        assert await _signed_with_a_shared_key(wa, SHARED_KEY) == 200
        await wa.settled()
        assert wa.replies()[0].startswith("أهلًا وسهلًا")
        await wa.say("شكرا")  # signed with the auth token, still accepted
        assert wa.replies()[-1].startswith("العفو")


async def test_a_message_is_stored_before_twilio_is_answered(
    whatsapp: WhatsApp, db_path: Path
) -> None:
    params = whatsapp.message("مرحبا")
    response = await whatsapp.post("/whatsapp", params)
    assert response.status_code == 200
    [(body,)] = rows(db_path, f"SELECT body FROM inbound WHERE id = '{params['MessageSid']}'")
    await whatsapp.settled()
    assert body == "" or json.loads(body)["Body"] == "مرحبا"
    assert len(whatsapp.replies()) == 2


async def test_a_media_only_message_is_signed_with_its_blank_body(whatsapp: WhatsApp) -> None:
    await whatsapp.say("")
    assert whatsapp.replies()  # validated with Body="" kept, and answered


async def test_a_duplicate_message_sid_is_handled_once(whatsapp: WhatsApp, db_path: Path) -> None:
    params = await whatsapp.say("مرحبا")
    again = await whatsapp.post("/whatsapp", params)
    assert again.status_code == 200
    await whatsapp.say("شكرا")
    texts = whatsapp.replies()
    assert len(texts) == 3
    assert texts[-1].startswith("العفو")
    assert rows(db_path, "SELECT count(*) FROM messages WHERE direction = 'in'") == [(2,)]


async def test_a_message_stored_but_not_handled_is_handled_after_a_restart(
    db_path: Path,
) -> None:
    async for wa in _whatsapp(db_path, TEMPLATE):
        params = wa.message("مرحبا")
        changes = Changes()
        changes.add(
            "INSERT INTO inbound (source, id, body, received_at) VALUES (?, ?, ?, ?)",
            (CHANNEL, params["MessageSid"], json.dumps(params), stamp(wa.app.clock.now())),
        )
        await wa.app.database.write(changes)
    async for wa in _whatsapp(db_path, TEMPLATE):
        wa.twilio.inbound(NOURA)  # a new fake: told that she wrote, as Twilio remembers
        await wa.settled()
        assert wa.replies()[0].startswith("أهلًا وسهلًا")


async def test_a_twilio_500_is_retried_until_accepted(whatsapp: WhatsApp, db_path: Path) -> None:
    whatsapp.twilio.fail(500, 20500, "Internal Server Error", times=2)
    await whatsapp.say("مرحبا")
    assert whatsapp.replies() == []
    for _ in range(2):
        whatsapp.app.clock.advance(timedelta(minutes=1))
        await whatsapp.app.outbox.deliver_due()
    texts = whatsapp.replies()
    assert texts[0].startswith("أهلًا وسهلًا")
    assert len(texts) == 2
    assert len(whatsapp.twilio.refused) == 2
    assert rows(db_path, "SELECT count(*) FROM outbox WHERE sent_at IS NULL") == [(0,)]


async def test_a_retry_is_due_when_its_back_off_ends_and_keeps_later_replies_behind(
    whatsapp: WhatsApp,
) -> None:
    outbox, clock, twilio = whatsapp.app.outbox, whatsapp.app.clock, whatsapp.twilio
    await whatsapp.say("مرحبا")
    twilio.fail(500, 20500, "Internal Server Error", times=2)
    await _queue(whatsapp, "وصل طلبك")
    await outbox.deliver_due()  # tried from memory, refused; the pass finds it waiting
    for failures in (1, 2):
        pause = outbox.pause()  # how long the outbox loop sleeps unless woken
        assert pause is not None
        assert pause <= backoff(failures).total_seconds()
        if failures == 2:  # a reply written meanwhile waits behind the retry
            await _queue(whatsapp, "ونحتاج صورة الهوية")
            await outbox.deliver_due()
            assert len(twilio.refused) == 2
            assert whatsapp.replies()[-1] != "ونحتاج صورة الهوية"
        clock.advance(backoff(failures))
        assert outbox.pause() == 0.05  # due: the loop's next wake-up is at once
        await outbox.deliver_due()
    assert len(twilio.refused) == 2
    assert whatsapp.replies()[-2:] == ["وصل طلبك", "ونحتاج صورة الهوية"]
    assert outbox.pause() is None  # nothing waits: the loop sleeps until woken


async def test_an_invalid_number_is_given_up_at_once(whatsapp: WhatsApp, db_path: Path) -> None:
    await _submit(whatsapp)
    before = len(whatsapp.replies())
    whatsapp.twilio.fail(400, 63024, "Invalid message recipient")
    await whatsapp.say("متى تردون؟")
    assert len(whatsapp.replies()) == before
    [(reason,)] = rows(db_path, f"SELECT unreachable_reason FROM users WHERE address = '{NOURA}'")
    assert "63024" in reason
    assert rows(db_path, "SELECT count(*) FROM outbox WHERE given_up_at IS NOT NULL") == [(1,)]


async def test_a_long_reply_goes_in_two_parts_in_order(whatsapp: WhatsApp) -> None:
    await whatsapp.say("مرحبا")
    long = "\n\n".join(f"فقرة {n}: " + "ت" * 420 for n in range(5))
    assert len(long) > 2000
    await _queue(whatsapp, long)
    await whatsapp.app.outbox.deliver_due()
    parts = whatsapp.replies()[2:]
    assert len(parts) == 2
    assert all(len(part) <= 1600 for part in parts)
    assert "\n\n".join(parts) == long


async def test_a_failed_part_leaves_only_the_rest_to_retry(whatsapp: WhatsApp) -> None:
    await whatsapp.say("مرحبا")
    long = "\n\n".join(f"فقرة {n}: " + "ت" * 420 for n in range(5))
    whatsapp.twilio.fail(503, 20503, "Service Unavailable", after=1)
    await _queue(whatsapp, long)
    await whatsapp.app.outbox.deliver_due()  # the first part accepted, the second refused
    assert len(whatsapp.replies()) == 3
    whatsapp.app.clock.advance(timedelta(minutes=1))
    await whatsapp.app.outbox.deliver_due()
    parts = whatsapp.replies()[2:]
    assert len(parts) == 2
    assert "\n\n".join(parts) == long


async def test_a_reply_outside_the_window_goes_as_the_template_then_in_full(
    whatsapp: WhatsApp, db_path: Path
) -> None:
    ref = await _submit(whatsapp)
    before = len(whatsapp.replies())
    whatsapp.app.clock.advance(timedelta(hours=25))
    await _staff_writes(whatsapp, ref, "نحتاج صورة من آخر فاتورة كهرباء")
    await whatsapp.app.outbox.deliver_due()
    [template] = whatsapp.twilio.sent_to(NOURA)[before:]
    assert template.content_sid == TEMPLATE
    assert template.body is None
    assert json.loads(template.variables or "{}") == {"1": ref}
    await whatsapp.app.outbox.deliver_due()
    assert any("⏳" in text for text in _cards(whatsapp))
    await _staff_writes(whatsapp, ref, "ونسخة من الهوية أيضًا")
    await whatsapp.app.outbox.deliver_due()
    assert len(whatsapp.replies()) == before + 1  # one template, however many wait

    await whatsapp.say("السلام عليكم، وش التحديث؟")
    texts = whatsapp.replies()[before + 1 :]
    assert "فاتورة كهرباء" in texts[0]
    assert "نسخة من الهوية" in texts[1]
    assert texts[-1].startswith("وصلت رسالتك")  # then their words go to the team
    assert rows(db_path, "SELECT count(*) FROM outbox WHERE held_at IS NOT NULL") == [(0,)]
    await whatsapp.app.outbox.deliver_due()
    assert "⏳" not in _cards(whatsapp)[-1]


async def test_without_a_template_the_reply_waits_and_the_card_says_so(
    untemplated: WhatsApp,
) -> None:
    ref = await _submit(untemplated)
    before = len(untemplated.replies())
    untemplated.app.clock.advance(timedelta(hours=30))
    await _staff_writes(untemplated, ref, "تم تحديد موعد الزيارة")
    await untemplated.app.outbox.deliver_due()
    await untemplated.app.outbox.deliver_due()
    assert len(untemplated.replies()) == before
    assert any("⏳" in text for text in _cards(untemplated))
    await untemplated.say("مرحبا")
    assert "موعد الزيارة" in untemplated.replies()[before]


async def test_twilio_refusing_for_the_window_holds_the_message(whatsapp: WhatsApp) -> None:
    await whatsapp.say("مرحبا")
    whatsapp.twilio.fail(400, 63016, "Failed to send freeform message outside the window")
    await whatsapp.say("شكرا")
    assert len(whatsapp.replies()) == 2
    await whatsapp.say("مرحبا")
    texts = whatsapp.replies()
    assert texts[2].startswith("العفو")


async def test_a_failed_delivery_is_shown_on_the_card_and_in_the_thread(
    whatsapp: WhatsApp, db_path: Path
) -> None:
    ref = await _submit(whatsapp)
    last = whatsapp.twilio.sent_to(NOURA)[-1]
    for status, extra in (("sent", {}), ("undelivered", {"ErrorCode": "63032"})):
        params = {"MessageSid": last.sid, "MessageStatus": status, **extra}
        assert (await whatsapp.post("/whatsapp/status", params)).status_code == 204
    late = {"MessageSid": last.sid, "MessageStatus": "delivered"}
    assert (await whatsapp.post("/whatsapp/status", late)).status_code == 204
    sql = f"SELECT status, error_code FROM whatsapp_messages WHERE sid = '{last.sid}'"
    assert rows(db_path, sql) == [("undelivered", "63032")]
    posts = [post.params.get("text", "") for post in await whatsapp.staff_sees()]
    [alert] = [text for text in posts if text.startswith("⚠️ تعذّر إيصال رسالة")]
    assert ref in alert
    assert "استلمها واتساب لكنه أفاد بأنها لم تُسلَّم" in alert
    assert "63032" not in alert  # Twilio's code: the log only
    assert any("⚠️" in text for text in _cards(whatsapp))


async def test_a_status_for_the_closed_window_sends_the_message_again_later(
    whatsapp: WhatsApp,
) -> None:
    await whatsapp.say("مرحبا")
    last = whatsapp.twilio.sent_to(NOURA)[-1]
    params = {"MessageSid": last.sid, "MessageStatus": "failed", "ErrorCode": "63016"}
    assert (await whatsapp.post("/whatsapp/status", params)).status_code == 204
    await whatsapp.app.outbox.deliver_due()
    assert len(whatsapp.replies()) == 2
    await whatsapp.say("مرحبا")
    assert whatsapp.replies()[2] == last.body


async def test_a_staff_reply_from_telegram_reaches_whatsapp_and_the_answer_comes_back(
    whatsapp: WhatsApp,
) -> None:
    await _submit(whatsapp)
    [card] = await whatsapp.staff_sees()
    question = "كم عدد أطفالك في المدارس؟"
    staff_reply = whatsapp.api.message(
        STAFFER, question, chat_id=GROUP, reply_to=card.result["message_id"]
    )
    await whatsapp.handle(staff_reply)
    await whatsapp.app.outbox.deliver_due()
    assert question in whatsapp.replies()[-1]
    photo = whatsapp.twilio.media(b"\xff\xd8 report card", "image/jpeg")
    await whatsapp.say("ثلاثة أطفال", NumMedia="1", MediaUrl0=photo, MediaContentType0="image/jpeg")
    assert whatsapp.replies()[-1].startswith("وصلت رسالتك")
    posts = await whatsapp.staff_sees()
    assert any("ثلاثة أطفال" in post.params.get("text", "") for post in posts)
    [upload] = whatsapp.api.called("sendPhoto")  # uploaded from where it is kept
    assert upload.params["chat_id"] == GROUP


async def test_a_staff_photo_reaches_whatsapp_through_an_expiring_link(
    whatsapp: WhatsApp,
) -> None:
    await _submit(whatsapp)
    [card] = await whatsapp.staff_sees()
    staff_photo = whatsapp.api.message(
        STAFFER, None, chat_id=GROUP, reply_to=card.result["message_id"], photo=True
    )
    await whatsapp.handle(staff_photo)
    await whatsapp.app.outbox.deliver_due()
    [url] = next(sent.media for sent in whatsapp.twilio.sent_to(NOURA) if sent.media)
    assert url.startswith(f"{PUBLIC}/files/")
    path = url.removeprefix(PUBLIC)
    fetched = await whatsapp.client.get(path)
    assert fetched.status_code == 200
    assert fetched.content
    assert (await whatsapp.client.get("/files/guessed-token")).status_code == 404
    whatsapp.app.clock.advance(timedelta(days=2))
    assert (await whatsapp.client.get(path)).status_code == 404


def _cards(wa: WhatsApp) -> list[str]:
    """Every drawing of a card in the staff group, first posts and edits in order."""
    drawn = [call for call in wa.api.calls if call.method in {"sendMessage", "editMessageText"}]
    return [call.params["text"] for call in drawn if "🎫" in call.params.get("text", "")]


async def _queue(wa: WhatsApp, text: str) -> None:
    """A reply waiting in the outbox, as a turn leaves it."""
    changes = Changes()
    enqueue(changes, CHANNEL, NOURA, Reply(text), stamp(wa.app.clock.now()))
    await wa.app.database.write(changes)


async def _staff_writes(wa: WhatsApp, ref: str, text: str) -> None:
    await wa.app.desk.relay(StaffInput(str(STAFFER), text, ticket=ref))


async def test_the_number_one_writes_from_fills_the_mobile_question(whatsapp: WhatsApp) -> None:
    for text in ["ابي اقدم طلب", "1", "1", "نورة محمد السالم", VALID_ID]:
        await whatsapp.say(text)
    await whatsapp.say("نفس الرقم اللي اكلمكم منه")
    assert whatsapp.replies()[-1].startswith("السؤال 5 من 10")
