"""The supervisors' chart: one PNG, portrait, readable on a phone, Arabic shaped and right
to left (matplotlib's Agg canvas with the DejaVu Sans it ships, arabic-reshaper and
python-bidi), weeks labelled in both calendars, and two lines in words under it.

Drawn on a `Figure` of its own, never through pyplot's global state, so it can be
drawn in a worker thread while the bot goes on answering people. matplotlib (and numpy
under it) loads with the first chart, not with the bot: a third of a second that no
person's first answer should wait for.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib.metadata import version
from io import BytesIO
from typing import TYPE_CHECKING

from bot.desk.desk import Desk
from bot.figures import Figures
from conversations import dates
from conversations.i18n import N_
from conversations.policy import FieldType

if TYPE_CHECKING:
    from matplotlib.axes import Axes

_COLOURS = ("#2a7f62", "#e0a030", "#3b6ea8", "#b84a4a", "#7a5aa6", "#5c8a8a")
_WEEKS = N_("Received and closed per week")
_STAGES = N_("Open tickets by stage")
_TIMES = N_("Median times (hours) against the policy")
_SURVEY = N_("Satisfaction per question (of 5)")


@cache
def _shapes_itself() -> bool:
    """Matplotlib 3.11 lays out text itself (libraqm: shaping and bidi); before, it drew
    characters one by one, left to right."""
    return tuple(int(part) for part in version("matplotlib").split(".")[:2]) >= (3, 11)


def rtl(text: str) -> str:
    """Arabic as this matplotlib must be given it to draw it joined and right to left."""
    if _shapes_itself():
        return text
    import arabic_reshaper
    from bidi.algorithm import get_display

    return str(get_display(arabic_reshaper.reshape(text)))


def _short(moment: date) -> str:
    """A day in both calendars, short: '24/11/2026 (14 جمادى الآخرة 1448 هـ)'."""
    return f"{moment.day}/{moment.month}/{moment.year} ({dates.hijri(moment, 'ar')})"


def render(figures: Figures, desk: Desk) -> bytes:
    """The chart as PNG bytes; empty periods draw as empty panels, never fail."""
    from matplotlib.figure import Figure  # PNG through Agg, chosen by savefig's format

    _ = desk._
    figure = Figure(figsize=(8, 11), dpi=100)
    panels = figure.subplots(4, 1, gridspec_kw={"height_ratios": [3, 2, 2, 2]})
    _weeks(panels[0], figures, desk)
    _stages(panels[1], figures, desk)
    _times(panels[2], figures, desk)
    _survey(panels[3], figures, desk)
    period = _("{since} to {until}").format(
        since=_short(figures.since.date()), until=_short(figures.until.date())
    )
    figure.suptitle(rtl(period), fontsize=11)
    figure.text(0.5, 0.015, rtl(caption(figures, desk)), ha="center", fontsize=10)
    figure.tight_layout(rect=(0, 0.05, 1, 0.97))
    out = BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def caption(figures: Figures, desk: Desk) -> str:
    """The chart in two lines of words."""
    _ = desk._
    overall = figures.satisfaction.get("overall")
    share = figures.answered_share
    first = _("Received {received}, closed {closed}, overdue now {overdue}.").format(
        received=figures.received, closed=figures.closed, overdue=figures.overdue
    )
    second = _("Satisfaction {average} of 5; {share} of those invited answered.").format(
        average=f"{overall[0]:.1f}" if overall else "—",
        share=f"{share:.0%}" if share is not None else "—",
    )
    return f"{first}\n{second}"


def _weeks(ax: Axes, figures: Figures, desk: Desk) -> None:
    _title(ax, desk._(_WEEKS))
    kinds = sorted({kind for week in figures.weeks for kind in week.received})
    positions = range(len(figures.weeks))
    bottom = [0] * len(figures.weeks)
    for colour, kind in zip(_COLOURS * 3, kinds, strict=False):
        counts = [week.received.get(kind, 0) for week in figures.weeks]
        label = rtl(desk._(desk.cards.kind(kind)))
        ax.bar(positions, counts, 0.6, bottom=bottom, color=colour, label=label)
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    closed = [sum(week.closed.values()) for week in figures.weeks]
    ax.plot(positions, closed, "ko-", label=rtl(desk._("closed")))
    ax.set_xticks(list(positions))
    labels = [_week_label(week.start) for week in figures.weeks]
    step = max(1, len(labels) // 8)
    ax.set_xticklabels([label if n % step == 0 else "" for n, label in enumerate(labels)])
    ax.tick_params(axis="x", labelsize=7)
    ax.legend(fontsize=8, loc="upper left")


def _week_label(start: date) -> str:
    """A week's Sunday in both calendars, short: '23/11\n12 جمادى'."""
    gregorian = f"{start.day}/{start.month}"
    day, month, *_rest = dates.hijri(start, "ar").split()
    return f"{gregorian}\n{rtl(f'{day} {month}')}"


def _stages(ax: Axes, figures: Figures, desk: Desk) -> None:
    _title(ax, desk._(_STAGES))
    stages = list(figures.open_by_stage.items())
    ax.barh(
        [rtl(desk.cards.stage(stage)) for stage, _count in stages],
        [count for _stage, count in stages],
        color=_COLOURS[2],
    )
    ax.tick_params(axis="y", labelsize=8)


def _times(ax: Axes, figures: Figures, desk: Desk) -> None:
    _ = desk._
    _title(ax, _(_TIMES))
    timings = desk.policy.timings
    review = desk.policy.review.period_days
    rows = [
        (_("first response"), figures.first_response_hours, timings.first_response_hours),
        (_("resolution"), figures.resolution_hours, review * 24 if review else None),
    ]
    names = [rtl(name) for name, _value, _target in rows]
    ax.barh(names, [value or 0 for _name, value, _target in rows], color=_COLOURS[0])
    for position, (_name, _value, target) in enumerate(rows):
        if target:
            ax.plot([target, target], [position - 0.4, position + 0.4], "r--")
    ax.tick_params(axis="y", labelsize=8)


def _survey(ax: Axes, figures: Figures, desk: Desk) -> None:
    """Ratings as their average of 5; a yes/no question as its share of yes, scaled to 5."""
    _title(ax, desk._(_SURVEY))
    fields = {field.key: field for field in desk.policy.forms.survey.fields}
    names, values, shown = [], [], []
    for key, (average, _count) in figures.satisfaction.items():
        field = fields.get(key)
        if field is None:
            continue
        yes_no = field.type is FieldType.YES_NO
        names.append(rtl(field.label.ar))
        values.append(average * 5 if yes_no else average)
        shown.append(f"{average:.0%}" if yes_no else f"{average:.1f}")
    bars = ax.barh(names, values, color=_COLOURS[1])
    ax.bar_label(bars, shown, fontsize=8, padding=2)
    ax.set_xlim(0, 5.5)
    ax.tick_params(axis="y", labelsize=8)


def _title(ax: Axes, title: str) -> None:
    ax.set_title(rtl(title), fontsize=10)
