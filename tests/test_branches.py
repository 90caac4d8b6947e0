"""Branch offices: a policy may list them with the cities each serves; a ticket goes to the
branch of the person's city, staff see it on the card, and supervisors count per branch."""

from __future__ import annotations

from pathlib import Path

from bot import policy as policies
from conversations import branches
from tests.conftest import VALID_ID, Drive, rows
from tests.test_desk import staff, submit, to
from tests.test_staff_group import GROUP, NOURA, _desk, _submitted

BRANCHES = """
[[branches]]
name = { ar = "فرع القصيم", en = "Al-Qassim branch" }
cities = ["بريدة", "عنيزة", "الرس"]

[[branches]]
name = { ar = "فرع الرياض", en = "Riyadh branch" }
cities = ["الرياض"]
"""


QASSIM_GROUP, QASSIM_STAFFER = -1003, 7101


def _with_branches(folder: Path, own_group: bool = False) -> str:
    """The mishkat preset with two branch offices, as an association would write them
    (the Al-Qassim one with its own staff group if `own_group`)."""
    path = folder / "with-branches.toml"
    own = f'"الرس"]\nstaff_chat = {QASSIM_GROUP}'
    listed = BRANCHES.replace('"الرس"]', own) if own_group else BRANCHES
    path.write_text(policies.resolve("mishkat").read_text(encoding="utf-8") + listed, "utf-8")
    return str(path)


def test_a_city_in_either_script_or_misspelt_finds_its_branch(tmp_path: Path) -> None:
    policy = policies.load(_with_branches(tmp_path))
    for city in ("بريده", "Buraydah", "الرياض", "Riyadh"):
        assert branches.serving(policy, {"city": city}) is not None, city
    assert branches.serving(policy, {"city": "جدة"}) is None
    assert branches.serving(policies.load("mishkat"), {"city": "بريدة"}) is None


async def test_a_request_goes_to_the_branch_of_its_city(
    drive: Drive, db_path: Path, tmp_path: Path
) -> None:
    policy = _with_branches(tmp_path)
    ref, out = await submit(drive, policy=policy)
    card = next(line for line in out if line.get("kind") == "card")
    assert "الفرع: فرع القصيم" in card["text"]
    assert rows(db_path, f"SELECT branch FROM tickets WHERE ref = '{ref}'") == [("فرع القصيم",)]
    out = await drive(staff("s2", "/stats"), staff("s2", "/report"), policy=policy, desk=True)
    stats, report = to(out, "s2")
    assert "هذا الشهر حسب الفرع: فرع القصيم 1" in stats["text"]
    assert "حسب الفرع: فرع القصيم 1" in report["text"]


async def test_without_branches_nothing_speaks_of_them(drive: Drive) -> None:
    _ref, out = await submit(drive)
    assert all("الفرع" not in line.get("text", "") for line in out)
    out = await drive(staff("s2", "/stats"), desk=True)
    assert "حسب الفرع" not in to(out, "s2")[-1]["text"]


async def test_a_branch_with_its_own_group_works_its_tickets_there(
    db_path: Path, tmp_path: Path
) -> None:
    async for desk in _desk(db_path, forum=False, policy=_with_branches(tmp_path, own_group=True)):
        desk.api.members[QASSIM_GROUP] = {QASSIM_STAFFER: "member"}
        card = await _submitted(desk, QASSIM_GROUP)
        assert "الفرع: فرع القصيم" in card.params["text"]
        assert VALID_ID not in card.params["text"]

        await desk.press(QASSIM_STAFFER, "استلام", card)  # in the branch's group only
        [full] = await desk.sent(QASSIM_STAFFER, 1)
        assert VALID_ID in full.params["text"]
        [edit] = desk.api.called("editMessageText")
        assert edit.params["chat_id"] == QASSIM_GROUP

        await desk.handle(desk.api.message(NOURA, "متى يوصلني الرد؟"))
        thread = (await desk.sent(QASSIM_GROUP, 2))[-1]
        assert thread.params["text"].startswith("👤 ")
        assert desk.api.sent_to(GROUP) == []
