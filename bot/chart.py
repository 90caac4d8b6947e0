"""The supervisors' chart: one PNG, portrait, readable on a phone, Arabic shaped and right
to left (matplotlib's Agg canvas with the DejaVu Sans it ships, arabic-reshaper and
python-bidi), weeks labelled in both calendars, and two lines in words under it.

Drawn on a `Figure` of its own, never through pyplot's global state, in the worker
process (`bot.worker`), so the bot goes on answering people meanwhile; matplotlib (and
numpy under it) loads there, never in the bot. The panels are laid out once, leaving room
for the widest label: matplotlib's tight layout measured every artist first, a third of
the drawing's time.
"""

from __future__ import annotations

import gc
from datetime import date
from functools import cache
from importlib.metadata import version
from io import BytesIO
from typing import TYPE_CHECKING

from bot.figures import Figures
from bot.wording import Wording
from conversations import dates
from conversations.i18n import N_
from conversations.policy import FieldType

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

_COLOURS = ("#2a7f62", "#e0a030", "#3b6ea8", "#b84a4a", "#7a5aa6", "#5c8a8a")
_WEEKS = N_("Received and closed per week")
_STAGES = N_("Open tickets by stage")
_TIMES = N_("Median times (hours) against the policy")
_SURVEY = N_("Satisfaction per question (of 5)")
_LABEL_ROOM = 20
"""Pixels beside the widest label of a panel, for its tick and the figure's edge."""
_STEPS = 5
"""At most this many steps on a count's or an hour's axis: as legible on a phone, and
each label drawn costs as much as a bar."""


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


def render(figures: Figures, wording: Wording) -> bytes:
    """The chart as PNG bytes; empty periods draw as empty panels, never fail."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    _set_aside()
    _ = wording._
    figure = Figure(figsize=(8, 11), dpi=100)
    panels = figure.subplots(4, 1, gridspec_kw={"height_ratios": [3, 2, 2, 2]})
    _weeks(panels[0], figures, wording)
    _stages(panels[1], figures, wording)
    _times(panels[2], figures, wording)
    _survey(panels[3], figures, wording)
    for axis in (panels[0].yaxis, panels[1].xaxis, panels[2].xaxis):
        axis.set_major_locator(MaxNLocator(_STEPS))
    period = _("{since} to {until}").format(
        since=_short(figures.since.date()), until=_short(figures.until.date())
    )
    figure.suptitle(rtl(period), fontsize=11)
    figure.text(0.5, 0.015, rtl(caption(figures, wording)), ha="center", fontsize=10)
    FigureCanvasAgg(figure)  # the canvas labels are measured on, and drawn
    _fit(figure, panels)
    out = BytesIO()
    figure.savefig(out, format="png", pil_kwargs={"compress_level": 1})  # fastest, ~10% larger
    return out.getvalue()


@cache
def _set_aside() -> None:
    """Leave what loading matplotlib made out of the garbage collector's full passes, once
    per process: they made one chart in four a third slower."""
    gc.freeze()


def _fit(figure: Figure, panels: list[Axes]) -> None:
    """Lay the panels out under the title, with room on the left for the widest label."""
    labels = [label for ax in panels for label in ax.get_yticklabels()]
    widest = max((label.get_window_extent().width for label in labels), default=0)
    left = (widest + _LABEL_ROOM) / figure.bbox.width
    figure.subplots_adjust(left=left, right=0.97, top=0.93, bottom=0.09, hspace=0.45)


def caption(figures: Figures, wording: Wording) -> str:
    """The chart in a few lines of words: the period, satisfaction, channels and branches."""
    _ = wording._
    overall = figures.satisfaction.get("overall")
    share = figures.answered_share
    first = _("Received {received}, closed {closed}, overdue now {overdue}.").format(
        received=figures.received, closed=figures.closed, overdue=figures.overdue
    )
    second = _("Satisfaction {average} of 5; {share} of those invited answered.").format(
        average=f"{overall[0]:.1f}" if overall else "—",
        share=f"{share:.0%}" if share is not None else "—",
    )
    channels = wording.cards.by_channel(figures.by_channel)
    lines = [first, second, _("By channel: {channels}").format(channels=channels)]
    if wording.policy.branches:
        branches = wording.cards.by_branch(figures.by_branch)
        lines.append(_("By branch: {branches}").format(branches=branches))
    return "\n".join(lines)


def _weeks(ax: Axes, figures: Figures, wording: Wording) -> None:
    _title(ax, wording._(_WEEKS))
    kinds = sorted({kind for week in figures.weeks for kind in week.received})
    positions = range(len(figures.weeks))
    bottom = [0] * len(figures.weeks)
    for colour, kind in zip(_COLOURS * 3, kinds, strict=False):
        counts = [week.received.get(kind, 0) for week in figures.weeks]
        label = rtl(wording._(wording.cards.kind(kind)))
        ax.bar(positions, counts, 0.6, bottom=bottom, color=colour, label=label)
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    closed = [sum(week.closed.values()) for week in figures.weeks]
    ax.plot(positions, closed, "ko-", label=rtl(wording._("closed")))
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


def _stages(ax: Axes, figures: Figures, wording: Wording) -> None:
    _title(ax, wording._(_STAGES))
    stages = list(figures.open_by_stage.items())
    ax.barh(
        [rtl(wording.cards.stage(stage)) for stage, _count in stages],
        [count for _stage, count in stages],
        color=_COLOURS[2],
    )
    ax.tick_params(axis="y", labelsize=8)


def _times(ax: Axes, figures: Figures, wording: Wording) -> None:
    _ = wording._
    _title(ax, _(_TIMES))
    timings = wording.policy.timings
    review = wording.policy.review.period_days
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


def _survey(ax: Axes, figures: Figures, wording: Wording) -> None:
    """Ratings as their average of 5; a yes/no question as its share of yes, scaled to 5."""
    _title(ax, wording._(_SURVEY))
    fields = {field.key: field for field in wording.policy.forms.survey.fields}
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
