"""The supervisors' weekly digest: the week's chart and a short summary, once a week at
the policy's time (Sunday 08:00 Riyadh by default), by the bot's clock, also after a
restart (when it went out is kept in the database with the post itself)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import chart, figures
from bot.clock import RIYADH, moment, stamp
from bot.desk import posts
from bot.desk.desk import Desk
from bot.desk.posts import DeskPost, PostKind
from bot.figures import WEEK
from bot.outbox import enqueue
from bot.storage.database import Changes
from conversations.messages import Attachment, AttachmentKind
from conversations.policy import WEEKDAYS

_KEY = "weekly_digest_sent"
_READ = "SELECT value FROM runtime_values WHERE key = ?"
_WRITE = "INSERT OR REPLACE INTO runtime_values (key, value) VALUES (?, ?)"


def last_due(now: datetime, day: str, hour: int) -> datetime:
    """The latest digest moment at or before `now`."""
    local = now.astimezone(RIYADH)
    back = (local.weekday() - WEEKDAYS.index(day)) % 7
    due = (local - timedelta(days=back)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return due if due <= local else due - WEEK


async def send_due(desk: Desk) -> bool:
    """Send the digest if its moment passed since the last one; True when sent.

    On the very first start there is no last one: the moment is noted and the first
    digest goes out at the next.
    """
    timings = desk.policy.timings
    due = last_due(desk.clock.now(), timings.digest_day, timings.digest_hour)
    row = await desk.db.fetch_one(_READ, (_KEY,))
    changes = Changes()
    changes.add(_WRITE, (_KEY, stamp(due)))
    if row and moment(str(row[0])) >= due:
        return False
    if row is None:
        await desk.db.write(changes)
        return False
    target = timedelta(hours=timings.first_response_hours)
    week = await figures.gather(desk.db, due - WEEK, due, target)
    before = await figures.gather(desk.db, due - 2 * WEEK, due - WEEK, target)
    image = await desk.worker.run(chart.render, week, desk.wording)
    ref = await desk.files.keep(image, "week.png", "desk", "reports", WEEK)
    post = DeskPost(
        PostKind.ANSWER,
        text=summary(desk, week, before),
        attachments=(Attachment(AttachmentKind.PHOTO, "week.png", ref),),
    )
    enqueue(changes, posts.CHANNEL, posts.SUPERVISORS, post, stamp(desk.clock.now()))
    await desk.db.write(changes)
    return True


def summary(desk: Desk, week: figures.Figures, before: figures.Figures) -> str:
    """The week in a few lines."""
    _ = desk._
    now, then = week.satisfaction.get("overall"), before.satisfaction.get("overall")
    if now and then:
        change = _("{change:+.1f} from the week before").format(change=now[0] - then[0])
    else:
        change = _("no ratings to compare with")
    return "\n".join(
        [
            _("📊 The week from {since} to {until}").format(
                since=desk.cards.when(week.since), until=desk.cards.when(week.until)
            ),
            _("Received {received}, closed {closed}, overdue now {overdue}.").format(
                received=week.received, closed=week.closed, overdue=week.overdue
            ),
            _("Satisfaction {average} of 5 ({change}).").format(
                average=f"{now[0]:.1f}" if now else "—", change=change
            ),
            _("Low-score follow-ups still open: {count}.").format(count=week.followups_open),
        ]
    )
