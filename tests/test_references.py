"""Reference numbers: a check digit that catches slips, issued in sequence at any size."""

from __future__ import annotations

import asyncio

from hypothesis import given
from hypothesis import strategies as st

from bot.app import App
from bot.storage.database import Changes
from conversations import references
from tests.conftest import Drive, Recorder, say
from tests.test_desk import submit

_INSERT = (
    "INSERT INTO tickets (ref, kind, stage, data, created_at, updated_at)"
    " VALUES (?, 'request', 'closed', '{}', '2020-01-01', '2020-01-01')"
)


@given(st.integers(min_value=references.FIRST, max_value=10**9))
def test_any_one_wrong_digit_or_swap_is_caught(number: int) -> None:
    ref = references.make(number)
    assert references.well_formed(ref)
    assert references.number_of(ref) == number
    for place in range(len(ref)):
        for digit in "0123456789":
            if digit != ref[place]:
                assert not references.well_formed(ref[:place] + digit + ref[place + 1 :])
    for place in range(len(ref) - 1):
        if ref[place] != ref[place + 1]:
            swapped = ref[:place] + ref[place + 1] + ref[place] + ref[place + 2 :]
            assert not references.well_formed(swapped)


async def test_references_issued_together_at_a_high_fill_never_collide(
    recorder_app: tuple[App, Recorder],
) -> None:
    app, _recorder = recorder_app
    changes = Changes()
    changes.add(_INSERT, (references.make(99_999_990),))  # a database near eight digits
    await app.database.write(changes)
    store = app.engine.tickets
    issued = await asyncio.gather(*(store.new_reference() for _ in range(2000)))
    assert len(set(issued)) == 2000
    assert all(references.well_formed(ref) for ref in issued)
    numbers = sorted(references.number_of(ref) or 0 for ref in issued)
    assert numbers == list(range(99_999_991, 99_999_991 + 2000))  # nothing skipped, no loop


async def test_a_random_reference_of_an_earlier_version_is_never_issued_again(
    recorder_app: tuple[App, Recorder],
) -> None:
    app, _recorder = recorder_app
    changes = Changes()
    changes.add(_INSERT, (references.make(references.FIRST),))
    changes.add(_INSERT, ("123456",))  # six random digits, as before
    await app.database.write(changes)
    first = await app.engine.tickets.new_reference()
    assert first == references.make(references.FIRST + 1)


async def test_a_mistyped_reference_is_called_mistyped(drive: Drive) -> None:
    ref, _out = await submit(drive)
    swapped = ref[:2] + ref[3] + ref[2] + ref[4:] if ref[2] != ref[3] else ref[:-1] + "0"
    out = await drive(*say(swapped))
    assert out[0]["text"].startswith(f"يبدو أن الرقم {swapped} كُتب بخطأ")
    out = await drive(*say(ref))
    assert ref in out[0]["text"]
