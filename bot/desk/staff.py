"""The way in for staff: an action, a message in a ticket's thread, an answer to the
request they are taking for a person, or a command."""

from __future__ import annotations

from bot.desk import commands, intake
from bot.desk.desk import Desk, Refusal, StaffInput
from conversations.i18n import N_

NOT_STAFF = N_("Sorry, this is for the association's staff only.")


async def attempt(desk: Desk, said: StaffInput) -> str | None:
    """Do what a staff member asked; the refusal in staff's words when the desk will not."""
    if not desk.roles.is_staff(said.staff):
        return desk._(NOT_STAFF)
    try:
        if not (said.action or said.ticket or said.text.strip() or said.attachments or said.option):
            raise Refusal(commands.HELP)
        if said.action:
            await desk.act(said)
        elif said.ticket:
            await desk.relay(said)
        elif said.text.lstrip().startswith("/"):
            await commands.run(desk, said)
        elif await intake.open_for(desk, said.staff):
            await intake.take(desk, said)
        else:  # a button of a request no longer taken, or words that are no command
            raise Refusal(intake.NEXT if said.option else commands.HELP)
    except Refusal as refusal:
        return desk._(refusal.message).format(**refusal.values)
    return None


async def handle(desk: Desk, said: StaffInput) -> None:
    """Do what a staff member asked; a refusal is answered to them privately."""
    refusal = await attempt(desk, said)
    if refusal:
        await desk.answer(said.staff, refusal)
