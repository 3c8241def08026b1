"""The projector view: the tally for the hall, full screen, big and readable from the back of the room.

One widget draws everything (title, ballots counted, one bar per candidate with the threshold marked, the result)
with Rich text sized to the terminal, so a ballot repaints in well under a frame at 30 candidates. It redraws
whenever ``app.data_version`` moves — a ballot typed here, or at the counting desk in another process (the app's
poll timer) — and on every resize.

``ProjectorScreen()`` follows the poll being counted: the most recent open poll, else the most recent closed one
(looked up again on every change, so the next poll shows up by itself). ``ProjectorScreen(poll_id)`` shows one poll.
Esc or q closes it.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from tdkt_tui.domain import voting
from tdkt_tui.domain.errors import TdktError
from tdkt_tui.domain.i18n import _, decimal
from tdkt_tui.domain.voting import Poll, PollKind, Status, Tally

if TYPE_CHECKING:
    from tdkt_tui.ui.app import TdktApp

# Colours are fixed (not the theme's): the hall sees a dark background with bright bars whatever the desk uses.
FILL = "#3b82f6"
FILL_WON = "#22c55e"
FILL_TIED = "#eab308"
FILL_OUT = "#475569"
EMPTY = "#1e293b"
MARKER = "#ffffff"
TEXT = "#f1f5f9"
MUTED = "#94a3b8"
TITLE_BG = "#1d4ed8"
EIGHTHS = " ▏▎▍▌▋▊▉"


def ellipsize(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with "…" when it does not fit."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + "…"


def pad(text: str, width: int, *, right: bool = False) -> str:
    text = ellipsize(text, width)
    gap = " " * max(0, width - cell_len(text))
    return gap + text if right else text + gap


@dataclass
class Row:
    number: str  # the number on the ballot paper ("" for a motion's rows)
    name: str
    votes: int
    percent: str
    mark: str = ""  # "✓ ĐẠT", "= BẰNG PHIẾU", …
    fill: str = FILL
    bold: bool = False


@dataclass
class Board:
    """What the projector shows, computed from the tally; the widget lays it out for the size it has."""

    title: str = ""
    counted: str = ""
    threshold: str = ""
    rows: list[Row] = field(default_factory=list)
    base: int = 0
    needed: int = 0
    fraction: float = 0.5  # where the marker goes while the base is still 0
    result: list[tuple[str, str]] = field(default_factory=list)  # (text, colour) lines under the bars
    message: str = ""  # shown alone when there is nothing to count
    digest: str = ""  # the audit digest as it stands: the hall sees it grow with each ballot, and the final one


def build_board(app: TdktApp, poll_id: int | None) -> tuple[Board, int | None]:
    """The board of ``poll_id`` (None: the poll being counted); returns it with the poll id shown."""
    conference = app.conference
    if poll_id is None:
        every = voting.polls(conference)
        chosen = next((p for p in reversed(every) if p.status is Status.OPEN), None) \
            or next((p for p in reversed(every) if p.status is Status.CLOSED), None)
        if chosen is None:
            return Board(message=_("No vote is being counted yet. The count shows here as soon as a poll opens.")), None
        poll = chosen
    else:
        try:
            poll = voting.get_poll(conference, poll_id)
        except TdktError as exc:
            return Board(message=str(exc)), poll_id
    result = voting.tally(conference, poll.id or 0)
    return _board(app, poll, result), poll.id


def _board(app: TdktApp, poll: Poll, result: Tally) -> Board:
    fraction, strict = poll.threshold.exact
    title = poll.title
    if poll.award and poll.award not in title:
        title = f"{title} ({poll.award})"
    if not poll.is_motion:
        title = _("{title} — round {round}", title=title, round=poll.round)
    board = Board(title=title, base=result.base_count, needed=result.votes_needed, fraction=float(fraction))
    if result.digest:
        board.digest = _("Audit digest: {digest}", digest=result.digest)
    elif poll.status is Status.OPEN:
        running = voting.running_digest(app.conference, poll.id or 0)
        board.digest = _("Audit digest so far: {digest}", digest=running) if running else ""
    status = _(result.status.label)
    if poll.is_motion:
        board.counted = _("{cast} hands counted of {present} present · {status}", cast=result.counted,
                          present=result.issued, status=status)
    else:
        board.counted = _("Counted {counted}/{collected} ballots · valid {valid}, invalid {invalid} · {status}",
                          counted=result.counted, collected=result.collected, valid=result.valid,
                          invalid=result.invalid, status=status)
    board.threshold = _("┃ threshold {rule} of {base} ({count}): {needed} votes", rule=poll.threshold.text(),
                        base=_(voting.base_label(poll)).lower(), count=result.base_count, needed=result.votes_needed)
    if not poll.is_motion:
        board.threshold += " · " + _("{seats} seats", seats=poll.quota)
    closed = result.status is Status.CLOSED
    if poll.is_motion:
        m = result.motion
        counts = (m.agree, m.disagree, m.abstain) if m else (0, 0, 0)
        labels = (_("Agree"), _("Disagree"), _("Not voting"))
        for label, count in zip(labels, counts):
            board.rows.append(Row("", label, count, voting.percent(count, result.base_count)))
        if closed and result.passed is not None:
            first = board.rows[0]
            first.fill, first.bold = (FILL_WON, True) if result.passed else (FILL_OUT, False)
            first.mark = _("✓ PASSED") if result.passed else _("✗ NOT PASSED")
        if closed:
            board.result.extend((line, FILL_WON if result.passed and not result.integrity else FILL_TIED)
                                for line in voting.outcome(app.conference, poll, result))
        return board
    names = app.conference.unit_names()
    won_label = _("✓ ELECTED") if poll.kind in (PollKind.LEADER, PollKind.DEPUTY) else _("✓ NOMINATED")
    for number, unit in enumerate(poll.candidates, start=1):
        row = Row(f"{number}.", names.get(unit, "?"), result.votes.get(unit, 0), result.percent.get(unit, "0.00"))
        if closed:
            row.fill = FILL_OUT
            if unit in result.winners:
                row.mark, row.fill, row.bold = won_label, FILL_WON, True
            elif unit in result.decided_by_leaders:
                row.mark = _("✓ BY ROTATION") if poll.by_rotation else _("✓ BY DECISION")
                row.fill, row.bold = FILL_WON, True
            elif unit in result.tied:
                row.mark, row.fill, row.bold = _("= TIED"), FILL_TIED, True
            elif unit in result.reached:
                row.mark = _("reached")
        board.rows.append(row)
    if closed:
        colour = FILL_TIED if result.integrity or not result.elected else FILL_WON
        board.result.extend((line, colour) for line in voting.outcome(app.conference, poll, result))
    return board


class TallyBoard(Widget):
    """Draws a :class:`Board` to the size it has; ``show(board)`` repaints."""

    DEFAULT_CSS = "TallyBoard { width: 1fr; height: 1fr; }"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.board = Board()

    def show(self, board: Board) -> None:
        self.board = board
        self.refresh()

    def render(self) -> Text:
        return Text("\n").join(self.lines(self.size.width, self.size.height))

    # -- layout --------------------------------------------------------------------------------------------------

    def lines(self, width: int, height: int) -> list[Text]:
        board = self.board
        width, height = max(width, 1), max(height, 1)
        if board.message:
            top = max(0, height // 2 - 1)
            return [Text("")] * top + [Text(pad(board.message, width), style=Style(color=TEXT, bold=True))]
        out: list[Text] = [
            Text(pad(" " + board.title, width), style=Style(color="#ffffff", bgcolor=TITLE_BG, bold=True)),
            Text(ellipsize(board.counted, width), style=Style(color=TEXT, bold=True)),
        ]
        threshold = Text(ellipsize(board.threshold, width), style=Style(color=MUTED))
        threshold.stylize(Style(color=MARKER, bold=True), 0, 1)
        out.append(threshold)
        footer = [Text(line, style=Style(color=colour, bold=True))
                  for text, colour in board.result for line in textwrap.wrap(text, max(width, 10))]
        close = _("Esc or q: close")
        hint = Text(no_wrap=True, overflow="crop")
        if board.digest and cell_len(board.digest) + cell_len(close) + 2 <= width:
            hint.append(board.digest, Style(color=TEXT, bold=True))
            hint.append(pad(close, width - cell_len(board.digest), right=True), Style(color=MUTED, dim=True))
        elif board.digest:
            hint.append(pad(board.digest, width), Style(color=TEXT, bold=True))
        else:
            hint.append(pad(close, width, right=True), Style(color=MUTED, dim=True))
        spare = height - len(out) - len(footer) - 1  # the hint line
        blank = 1 if spare - 1 >= len(board.rows) else 0  # a blank line under the header when there is room
        out.extend([Text("")] * blank)
        out.extend(self.bars(width, spare - blank))
        used = len(out) + len(footer) + 1
        out.extend([Text("")] * max(0, height - used))
        out.extend(footer)
        out.append(hint)
        return out[:height]

    def bars(self, width: int, rows_free: int) -> list[Text]:
        board = self.board
        rows = board.rows
        if rows_free <= 0 or not rows:
            return []
        shown, more = rows, 0
        if len(rows) > rows_free:  # the most voted, and a line saying how many are left out
            keep = max(0, rows_free - 1)
            ranked = sorted(range(len(rows)), key=lambda i: (-rows[i].votes, i))[:keep]
            shown, more = [rows[i] for i in sorted(ranked, key=lambda i: (-rows[i].votes, i))], len(rows) - keep
        # the tallest bars that fit: (bar height, gap between bars)
        n = len(shown)
        bar_h = next((h for h in (3, 2) if n * (h + 1) - 1 <= rows_free), 1)
        gap = 1 if n * (bar_h + 1) - 1 <= rows_free else 0  # a blank line between bars when all of them get one
        num_w = max((cell_len(r.number) for r in shown), default=0)
        votes_w = max(len(str(max((r.votes for r in shown), default=0))), len(str(board.base)), 1)
        pct_w = max(cell_len(decimal(r.percent) + "%") for r in shown)
        mark_w = max((cell_len(r.mark) for r in shown), default=0)
        fixed = (num_w + 1 if num_w else 0) + 1 + 1 + votes_w + 1 + pct_w + (mark_w + 1 if mark_w else 0)
        longest = max(cell_len(r.name) for r in shown)
        name_w = min(longest, max(8, int(width * 0.32)))
        bar_w = width - fixed - name_w
        if bar_w < 10:  # narrow: the bar keeps at least 10 cells, the name gives way
            name_w = max(4, name_w - (10 - bar_w))
            bar_w = max(3, width - fixed - name_w)
        base = board.base
        share = board.needed / base if base > 0 else board.fraction
        marker = min(bar_w - 1, max(0, math.ceil(share * bar_w) - 1))
        out: list[Text] = []
        for index, row in enumerate(shown):
            if index and gap:
                out.append(Text(""))
            bar = self.bar(row, bar_w, marker, base)
            for line in range(bar_h):
                label = line == bar_h // 2
                text = Text(no_wrap=True, overflow="crop")
                style = Style(color=TEXT, bold=row.bold)
                if num_w:
                    text.append(pad(row.number if label else "", num_w, right=True) + " ", Style(color=MUTED))
                text.append(pad(row.name if label else "", name_w) + " ", style)
                text.append_text(bar)
                text.append(" " + pad(str(row.votes) if label else "", votes_w, right=True), style)
                text.append(" " + pad(decimal(row.percent) + "%" if label else "", pct_w, right=True),
                            Style(color=TEXT))
                if mark_w:
                    text.append(" " + pad(row.mark if label else "", mark_w), Style(color=row.fill, bold=True))
                out.append(text)
        if more:
            out.append(Text(ellipsize(_("+{count} more candidates with fewer votes", count=more), width),
                            style=Style(color=MUTED, bold=True)))
        return out[:rows_free]

    @staticmethod
    def bar(row: Row, width: int, marker: int, base: int) -> Text:
        """``width`` cells: the votes over the base in eighths of a cell, the threshold as a white rule."""
        eighths = round(8 * width * row.votes / base) if base > 0 else 0
        eighths = max(0, min(eighths, 8 * width))
        full, part = divmod(eighths, 8)
        filled, empty = Style(bgcolor=row.fill), Style(bgcolor=EMPTY)
        rule = Style(color=MARKER, bold=True, bgcolor=row.fill if marker < full else EMPTY)
        cells: list[tuple[str, Style]] = [(" " * full, filled)]  # runs of cells, the marker cut in afterwards
        if part and full < width:
            cells.append((EIGHTHS[part], Style(color=row.fill, bgcolor=EMPTY)))
        cells.append((" " * (width - full - (1 if part and full < width else 0)), empty))
        text = Text(no_wrap=True, overflow="crop")
        position = 0
        for chars, style in cells:
            if chars and position <= marker < position + len(chars):
                cut = marker - position
                text.append(chars[:cut], style)
                text.append("┃", rule)
                text.append(chars[cut + 1:], style)
            elif chars:
                text.append(chars, style)
            position += len(chars)
        return text


class ProjectorScreen(Screen[None]):
    """The tally for the hall; pushed on top of the app (not a mode). Esc or q closes it."""

    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS = [
        Binding("escape,q", "close", "Close", show=False),
    ]

    def __init__(self, poll_id: int | None = None, *, exit_on_close: bool = False) -> None:
        """``poll_id`` None follows the poll being counted; ``exit_on_close`` quits the app on Esc (for
        ``tdkt projector``, where the projector is the whole app)."""
        super().__init__()
        self.poll_id = poll_id
        self.exit_on_close = exit_on_close
        self.shown_poll: int | None = None  # the poll on the board now

    @property
    def tdkt(self) -> TdktApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield TallyBoard(id="board")

    def on_mount(self) -> None:
        self.watch(self.app, "data_version", self._data_changed, init=False)
        self.redraw()

    def _data_changed(self, _version: int) -> None:
        self.redraw()

    def redraw(self) -> None:
        """Recount (cached per store revision) and repaint the board."""
        board, self.shown_poll = build_board(self.tdkt, self.poll_id)
        self.query_one(TallyBoard).show(board)

    def action_close(self) -> None:
        if self.exit_on_close:
            self.app.exit()
        else:
            self.dismiss()
