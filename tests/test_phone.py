"""The phone line (Twilio Voice): signed webhooks into the real ASGI app, its TwiML read as
Twilio documents it, recordings fetched from the fake Twilio and posted to the fake
Telegram staff group."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from bot import policy as policies
from bot.clock import RIYADH
from bot.phone.line import PhoneLine
from tests.conftest import rows
from tests.fakes.bot_api import Call
from tests.fakes.twiml import Step, steps
from tests.test_whatsapp import GROUP, NOURA, STAFFER, TEMPLATE, WhatsApp, _submit, _whatsapp

STRANGER = "+966509999999"
RECORDED = b"ID3 a caller's message"


class Caller:
    """One call: what the line said last, and the keys pressed in answer."""

    def __init__(self, wa: WhatsApp, number: str) -> None:
        self.wa = wa
        self.params = wa.twilio.call(number)
        self.said: list[Step] = []

    async def ring(self) -> str:
        return await self.request("/voice")

    async def request(self, path: str, **more: str) -> str:
        """Twilio's request to `path` during the call; what the line says back."""
        response = await self.wa.post(path, {**self.params, **more})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/xml")
        self.said = steps(response.text)
        return " ".join(step.said for step in self.said)

    async def press(self, keys: str) -> str:
        """Type `keys` at the question asked now (the <Gather> said last)."""
        [gather] = [step for step in self.said if step.verb == "Gather"][:1]
        return await self.request(gather.attributes["action"], Digits=keys)

    async def silent(self) -> str:
        """Say nothing: Twilio goes on past the <Gather> to the <Redirect>."""
        [redirect] = [step for step in self.said if step.verb == "Redirect"]
        return await self.request(redirect.text)

    async def record(self, recording: dict[str, str]) -> str:
        """Leave a message at the <Record>: Twilio posts its fields to the action."""
        [recorder] = [step for step in self.said if step.verb == "Record"]
        return await self.request(recorder.attributes["action"], **recording)

    @property
    def hung_up(self) -> bool:
        return self.said[-1].verb == "Hangup"


@pytest.fixture
async def line(db_path: Path) -> AsyncIterator[WhatsApp]:
    async for running in _whatsapp(db_path, TEMPLATE, voice=True):
        yield running


async def _card(wa: WhatsApp) -> Call:
    await wa.app.outbox.deliver_due()
    cards = [c for c in wa.api.sent_to(GROUP) if c.params.get("reply_markup")]
    return cards[-1]


async def test_an_unsigned_or_forged_call_gets_403_and_changes_nothing(
    line: WhatsApp, db_path: Path
) -> None:
    params = line.twilio.call(NOURA)
    assert (await line.post("/voice", params, signature="")).status_code == 403
    assert (await line.post("/voice", params, signature="forged")).status_code == 403
    forged = {**params, "RecordingUrl": "https://evil.example/x", "RecordingSid": "RE1"}
    assert (await line.post("/voice/recorded", forged, signature="forged")).status_code == 403
    assert (await line.post("/voice/nowhere", params)).status_code == 404
    assert rows(db_path, "SELECT count(*) FROM tickets") == [(0,)]


async def test_a_call_hears_the_welcome_and_the_menu_in_arabic(line: WhatsApp) -> None:
    call = Caller(line, NOURA)
    said = await call.ring()
    assert said.startswith("أهلًا بك في جمعية مشكاة")
    assert "لمتابعة طلب اضغط 1" in said
    [gather] = [step for step in call.said if step.verb == "Gather"]
    assert gather.attributes["input"] == "dtmf"
    assert {step.attributes["voice"] for step in gather.inside} == {"Polly.Zeina", "Polly.Joanna"}
    said = await call.press("0")
    assert said.startswith("To follow a request, press 1.")
    said = await call.press("0")
    assert said.startswith("لمتابعة طلب اضغط 1")


async def test_a_wrong_key_and_silence_hear_the_menu_again_then_goodbye(line: WhatsApp) -> None:
    call = Caller(line, NOURA)
    await call.ring()
    said = await call.press("7")
    assert said.startswith("هذا ليس من الخيارات.")
    assert "لمتابعة طلب اضغط 1" in said
    await call.silent()
    assert not call.hung_up
    await call.silent()
    assert call.hung_up
    assert "شكرًا لاتصالك" in " ".join(step.said for step in call.said)


async def test_a_caller_follows_their_own_request_by_its_reference(line: WhatsApp) -> None:
    ref = await _submit(line)
    call = Caller(line, NOURA)
    await call.ring()
    said = await call.press("1")
    assert "اكتب رقم الطلب" in said
    said = await call.press(ref)
    assert said.startswith(f"الطلب {' '.join(ref)}: تم الاستلام.")
    assert "الموافق" in said
    assert "للهجرة" in said
    assert "لمتابعة طلب اضغط 1" in said  # and the menu again

    await call.press("1")
    said = await call.press(str(int(ref) + 1))
    assert said.startswith("لم نجد طلبًا بهذا الرقم")

    other = Caller(line, STRANGER)  # the right reference, from another number
    await other.ring()
    await other.press("1")
    said = await other.press(ref)
    assert said.startswith("لم نجد طلبًا بهذا الرقم")
    assert "تم الاستلام" not in said


async def test_a_message_left_reaches_the_staff_group_as_audio_with_the_number_masked(
    line: WhatsApp, db_path: Path
) -> None:
    call = Caller(line, NOURA)
    await call.ring()
    said = await call.press("2")
    assert "رسالتك ورقم جوالك" in said
    said = await call.press("1")
    [recorder] = [step for step in call.said if step.verb == "Record"]
    assert recorder.attributes["maxLength"] == "120"
    recording = line.twilio.recording(RECORDED, not_yet=1)
    said = await call.record(recording)
    ref = re.findall(r"برقم ([\d ]+)\.", said)[0].replace(" ", "")
    assert call.hung_up
    assert rows(db_path, f"SELECT kind, channel, user_key FROM tickets WHERE ref = '{ref}'") == [
        ("voicemail", "phone", f"phone:{NOURA}")
    ]
    assert rows(db_path, "SELECT purpose, agreed FROM consents") == [("voicemail", 1)]

    assert line.phone is not None
    await line.phone.drain()
    card = await _card(line)
    assert f"🎫 {ref} · رسالة صوتية" in card.params["text"]
    assert "4567" in card.params["text"]
    assert NOURA not in card.params["text"]
    [voice] = [c for c in line.api.calls if c.method == "sendVoice"]
    assert voice.params["chat_id"] == GROUP
    assert voice.params["voice"]["size"] == len(RECORDED)  # the caller's own recording
    texts = [c.params.get("text", "") for c in line.api.sent_to(GROUP)]
    assert "🎙️ الرسالة التي تُركت على خط الهاتف (7 ثانية)." in texts

    again = await call.request(recorder.attributes["action"], **recording)  # asked again
    assert rows(db_path, "SELECT count(*) FROM tickets WHERE kind = 'voicemail'") == [(1,)]
    assert " ".join(ref) in again


async def test_a_call_back_waits_in_open_and_staff_mark_it_called(
    line: WhatsApp, db_path: Path
) -> None:
    call = Caller(line, NOURA)
    await call.ring()
    said = await call.press("3")
    assert "رقم جوالك" in said
    said = await call.press("1")
    assert said.startswith("شكرًا لك. سيتصل بك أحد موظفي الجمعية")
    assert call.hung_up
    card = await _card(line)
    assert "طلب اتصال" in card.params["text"]

    await line.handle(line.api.message(STAFFER, "/open"))
    await line.app.outbox.deliver_due()
    assert "طلب اتصال" in line.api.sent_to(STAFFER)[-1].params["text"]

    buttons = [b for row in card.params["reply_markup"]["inline_keyboard"] for b in row]
    data = next(b["callback_data"] for b in buttons if b["text"] == "اتصلت به")
    press = line.api.callback(STAFFER, data, message_id=card.result["message_id"], chat_id=GROUP)
    await line.handle(press)
    await line.app.outbox.deliver_due()
    prompt = line.api.sent_to(GROUP)[-1]
    assert "ما دار في المكالمة" in prompt.params["text"]
    note = "اتصلت بها وشرحت لها خطوات التقديم"
    reply = line.api.message(STAFFER, note, chat_id=GROUP, reply_to=prompt.result["message_id"])
    await line.handle(reply)
    await line.app.outbox.deliver_due()
    assert rows(db_path, "SELECT stage FROM tickets WHERE kind = 'callback'") == [("resolved",)]
    texts = [c.params.get("text", "") for c in line.api.sent_to(GROUP)]
    assert f"📞 Noura: {note}" in texts


async def test_a_hidden_number_cannot_ask_for_a_call_back_but_can_leave_a_message(
    line: WhatsApp, db_path: Path
) -> None:
    call = Caller(line, "Anonymous")
    await call.ring()
    said = await call.press("3")
    assert said.startswith("رقمك لا يظهر لنا")
    await call.press("1")
    said = await call.press("4217")
    assert said.startswith("لم نجد طلبًا بهذا الرقم")
    assert rows(db_path, "SELECT count(*) FROM tickets") == [(0,)]


def _next(now: datetime, weekday: int, hour: int) -> datetime:
    """The next moment after `now`, in Riyadh, on `weekday` (Monday 0) at `hour` o'clock."""
    days = (weekday - now.weekday()) % 7 or 7
    return datetime.combine(now.date() + timedelta(days=days), time(hour), RIYADH)


@pytest.fixture
async def hours(db_path: Path, tmp_path: Path) -> AsyncIterator[WhatsApp]:
    """The line of an association open Sunday to Thursday, 8 to 3."""
    own = tmp_path / "hours.toml"
    preset = policies.resolve("mishkat").read_text(encoding="utf-8")
    words = 'working_hours = "من الأحد إلى الخميس، من الثامنة صباحًا إلى الثالثة عصرًا"\n'
    open_hours = 'hours = { days = ["sunday", "monday", "tuesday", "wednesday", "thursday"], '
    open_hours += "opens = 08:00:00, closes = 15:00:00 }\n"
    own.write_text(
        preset.replace("[association]\n", f"[association]\n{words}{open_hours}"), "utf-8"
    )
    async for running in _whatsapp(db_path, TEMPLATE, voice=True, policy=str(own)):
        yield running


async def test_outside_working_hours_the_caller_hears_when_staff_answer(hours: WhatsApp) -> None:
    clock = hours.app.clock
    clock.advance(_next(clock.now(), 4, 10) - clock.now())  # a Friday morning
    call = Caller(hours, NOURA)
    said = await call.ring()
    assert "نحن خارج أوقات الدوام الآن. يرد موظفونا من الأحد إلى الخميس" in said
    await call.press("3")
    said = await call.press("1")  # a call-back still works
    assert said.startswith("شكرًا لك. سيتصل بك")

    clock.advance(_next(clock.now(), 6, 10) - clock.now())  # Sunday at ten: open
    said = await Caller(hours, NOURA).ring()
    assert "خارج أوقات الدوام" not in said


async def test_a_recording_not_yet_posted_when_the_bot_stopped_is_posted_after_a_restart(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async for wa in _whatsapp(db_path, TEMPLATE, voice=True):
        with monkeypatch.context() as stopped:  # the process ends before the download
            stopped.setattr(PhoneLine, "take", lambda _line, _wait: None)
            call = Caller(wa, NOURA)
            await call.ring()
            await call.press("2")
            await call.press("1")
            await call.record(wa.twilio.recording(RECORDED))
        recordings = rows(db_path, "SELECT count(*) FROM inbound WHERE done_at IS NULL")
        assert recordings == [(1,)]
    async for wa in _whatsapp(db_path, TEMPLATE, voice=True):
        assert wa.phone is not None
        await wa.phone.drain()
        await wa.app.outbox.deliver_due()
        posted = [c.params.get("text", "") for c in wa.api.sent_to(GROUP)]  # that fake is gone
        assert any(text.startswith("🎙️ الرسالة التي تُركت على خط الهاتف") for text in posted)
        assert rows(db_path, "SELECT count(*) FROM inbound WHERE done_at IS NULL") == [(0,)]
