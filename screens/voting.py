"""F8: vote counting. The polls on the left; the counting desk of the chosen poll on the right.

The reader calls out a ballot, the secretary types the numbers of the names kept (``1 3 4``) and Enter: the ballot
as understood shows at once, invalid ones included (too many names kept is recognised by itself). Ctrl+B records a
ballot the committee found invalid, Ctrl+Z takes back the last one. The tally below grows with every ballot.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from screens.base import TdktScreen
from screens.widgets.confirm import ConfirmScreen
from screens.widgets.record_form import Field, RecordForm
from screens.widgets.rowtable import Column, RowTable
from tdkt_tui.domain import voting
from tdkt_tui.domain.errors import TdktError, ValidationError
from tdkt_tui.domain.i18n import _, decimal
from tdkt_tui.domain.voting import (
    Base,
    EntryMode,
    InvalidReason,
    Poll,
    PollKind,
    Rule,
    Status,
    Threshold,
    Voters,
)

AWARDS = list(voting.AWARD_LEVELS)
RULES = [Rule.MORE_THAN_HALF, Rule.AT_LEAST_TWO_THIRDS, Rule.AT_LEAST_70, Rule.AT_LEAST_80]


class VotingScreen(TdktScreen):
    """Ctrl+N new poll, Enter count it, Ctrl+O open it, Ctrl+K close it, Ctrl+R second round, F9 projector."""

    TITLE_MSGID = "Vote counting"
    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS = [
        Binding("ctrl+n", "new_poll", "New poll", priority=True),
        Binding("ctrl+o", "open_poll", "Open", priority=True),
        Binding("ctrl+t", "collected", "Issued / collected", priority=True),
        Binding("ctrl+e", "clerk", "Clerk 1/2", priority=True),
        Binding("ctrl+b", "invalid", "Invalid ballot", priority=True),
        Binding("ctrl+z", "undo", "Undo ballot", priority=True),
        Binding("ctrl+k", "close_poll", "Close", priority=True),
        Binding("ctrl+r", "second_round", "Second round", priority=True),
        Binding("ctrl+l", "leaders", "Leaders' decision", priority=True),
        Binding("ctrl+w", "papers", "Ballot papers", priority=True),
        Binding("ctrl+g", "count_minutes", "Counting minutes", priority=True),
        Binding("f9", "projector", "Projector", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.poll_id: int | None = None
        self.clerk = 1

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with Horizontal(id="voting"):
            yield RowTable([Column("#", 0, 3), Column(_("Poll"), 4, 14), Column(_("Round"), 0, 4),
                            Column(_("Status"), 2, 10), Column(_("Counted"), 0, 8)],
                           empty_text=_("No polls yet: Ctrl+N creates one."), id="polls")
            with Vertical(id="desk"):
                yield Static("", id="poll-info")
                yield Input(placeholder=_("Numbers of the names kept, e.g. 1 3 4, then Enter"), id="ballot")
                yield Static("", id="last-ballot")
                yield RowTable([Column("#", 0, 3), Column(_("Unit"), 5, 14), Column(_("Votes"), 0, 8),
                                Column("%", 0, 7), Column(_("Result"), 1, 10)], cursor=False, id="tally")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#tally", RowTable).can_focus = False
        self.reload()
        self.query_one("#polls", RowTable).focus()

    # -- drawing -------------------------------------------------------------------------------------------------

    def reload(self) -> None:
        rows = []
        for poll in voting.polls(self.conference):
            result = voting.tally(self.conference, poll.id or 0)
            rows.append((poll.id or 0, (str(poll.id), poll.title or poll.award or _(poll.kind.label),
                                        str(poll.round), _(poll.status.label),
                                        f"{result.counted}/{result.collected}")))
        self.query_one("#polls", RowTable).set_rows(rows, keep_key=self.poll_id)
        self._show_poll()

    def _poll(self) -> Poll | None:
        if self.poll_id is None:
            return None
        try:
            return voting.get_poll(self.conference, self.poll_id)
        except ValidationError:
            return None

    def _show_poll(self) -> None:
        poll = self._poll()
        info = self.query_one("#poll-info", Static)
        table = self.query_one("#tally", RowTable)
        if poll is None:
            info.update(_("Choose a poll on the left and press Enter to count it."))
            table.set_rows([])
            return
        result = voting.tally(self.conference, poll.id or 0)
        text = Text()
        text.append(f"{poll.title or poll.award or _(poll.kind.label)} — {_(poll.status.label)}\n", style="bold")
        text.append(_("Issued {issued} · collected {collected} · counted {counted} · valid {valid} · invalid "
                      "{invalid}", issued=result.issued, collected=result.collected, counted=result.counted,
                      valid=result.valid, invalid=result.invalid) + "\n")
        text.append(_("Needed: {needed} votes ({threshold} of {base} = {count}); seats: {quota}",
                      needed=result.votes_needed, threshold=poll.threshold.text(), base=_(poll.base.label),
                      count=result.base_count, quota=poll.quota))
        if poll.is_motion and result.motion is not None:
            text.append("\n" + _("Show of hands: agree {agree}, disagree {disagree}, not voting {abstain} — {verdict}",
                                 agree=result.motion.agree, disagree=result.motion.disagree,
                                 abstain=result.motion.abstain,
                                 verdict=_("passed") if result.passed else _("not passed")), style="bold")
        if self.clerk == 2 or voting.ballots(self.conference, poll.id or 0, clerk=2):
            second = len(voting.ballots(self.conference, poll.id or 0, clerk=2))
            text.append("\n" + _("Double entry: typing as clerk {clerk}; clerk 2 has entered {count}.",
                                 clerk=self.clerk, count=second), style="bold magenta")
            differ = voting.mismatches(self.conference, poll.id or 0)
            if differ:
                text.append("\n" + _("Ballots that differ between the clerks: {numbers}",
                                     numbers=", ".join(str(n) for n in differ)), style="bold red")
        if result.digest:
            text.append("\n" + _("Audit digest: {digest}", digest=result.digest), style="bold cyan")
        if poll.status is Status.CLOSED and result.open_seats:
            text.append("\n" + _("Tie at the cut-off: {seats} seats open. Ctrl+R starts a second round; after the "
                                 "last round Ctrl+L records the leaders' decision.", seats=result.open_seats),
                        style="bold yellow")
        info.update(text)
        names = self.conference.unit_names()
        marks = {}
        for unit in result.reached:
            marks[unit] = _("reached")
        for unit in result.tied:
            marks[unit] = _("tie")
        for unit in (*result.winners, *result.decided_by_leaders):
            marks[unit] = _("elected")
        table.set_rows(
            [(unit, (str(i), names.get(unit, "?"), str(result.votes.get(unit, 0)), decimal(result.percent.get(unit, "")),
                     marks.get(unit, "")))
             for i, unit in enumerate(poll.candidates, start=1)],
            marked=set(result.winners) | set(result.decided_by_leaders),
            alert=set(result.tied),
        )

    def _refused(self, exc: TdktError) -> None:
        """A ballot or count that was not stored: said under the field, the text kept selected for retyping."""
        self.query_one("#last-ballot", Static).update(Text(str(exc), style="bold red"))
        self.query_one("#ballot", Input).action_select_all()

    def _say(self, message: str, *, error: bool = False) -> None:
        self.query_one("#last-ballot", Static).update(Text(message, style="bold red" if error else "bold"))
        if error:
            self.app.bell()
            # the refused text stays for correcting, selected: the next ballot typed replaces it, never joins it
            self.query_one("#ballot", Input).action_select_all()

    # -- choosing and counting -----------------------------------------------------------------------------------

    @on(RowTable.Chosen, "#polls")
    def poll_chosen(self, event: RowTable.Chosen) -> None:
        self.poll_id = event.key
        self._show_poll()
        self.query_one("#ballot", Input).focus()

    @on(RowTable.Moved, "#polls")
    def poll_moved(self, event: RowTable.Moved) -> None:
        if event.key is not None:
            self.poll_id = event.key
            self._show_poll()

    @on(Input.Submitted, "#ballot")
    def ballot_submitted(self, event: Input.Submitted) -> None:
        if self.poll_id is None:
            return
        poll_id, text = self.poll_id, event.value
        poll = self._poll()
        if poll is not None and poll.is_motion:
            self._motion(poll, text)
            return
        ballot = self.attempt(lambda: voting.enter_ballot(self.conference, poll_id, text, clerk=self.clerk),
                              self._refused)
        if ballot is None:
            return
        event.input.value = ""
        poll = voting.get_poll(self.conference, poll_id)
        names = self.conference.unit_names()
        if ballot.valid:
            kept = ", ".join(f"{n}. {names.get(poll.candidates[n - 1], '?')}" for n in ballot.kept) or "—"
            self._say(_("Ballot {seq}: valid — {kept}", seq=ballot.seq, kept=kept))
        else:
            self._say(_("Ballot {seq}: INVALID — {reason}", seq=ballot.seq,
                        reason=_(ballot.invalid.label if ballot.invalid else "")), error=True)

    def _motion(self, poll: Poll, text: str) -> None:
        """A show of hands: three numbers — agree, disagree, not voting."""
        numbers = [part for part in text.replace(",", " ").split() if part]
        if len(numbers) != 3 or not all(n.isdigit() for n in numbers):
            self._say(_("Type three numbers: agree, disagree, not voting (e.g. 10 1 0)."), error=True)
            return
        agree, disagree, abstain = (int(n) for n in numbers)
        result = self.attempt(lambda: voting.record_motion(self.conference, poll.id or 0, agree, disagree, abstain),
                              self._refused)
        if result is None:
            return
        self.query_one("#ballot", Input).value = ""
        verdict = _("passed") if result.passed else _("not passed")
        self._say(_("Agree {agree}, disagree {disagree}, not voting {abstain}: {verdict}.", agree=agree,
                    disagree=disagree, abstain=abstain, verdict=verdict))

    # -- actions -------------------------------------------------------------------------------------------------

    def _form_done(self, result: object | None) -> None:
        if result is not None:
            self.tdkt.changed()
            if isinstance(result, Poll):
                self.poll_id = result.id
                self.reload()

    def action_new_poll(self) -> None:
        fields = [
            Field("kind", _("Kind"), PollKind.AWARD.value, "select", [(_(k.label), k.value) for k in PollKind]),
            Field("award", _("Award (award polls)"), AWARDS[2], "select", [(a, a) for a in AWARDS], _("(none)")),
            Field("title", _("Title on the ballot (optional)"), ""),
            Field("quota", _("Seats"), "1"),
            Field("rule", _("Threshold"), Rule.MORE_THAN_HALF.value, "select", [(_(r.label), r.value) for r in RULES]),
            Field("custom", _("…or another share: at least 3/4, 75%"), ""),
            Field("base", _("Of"), Base.VALID_BALLOTS.value, "select", [(_(b.label), b.value) for b in Base]),
            Field("voters", _("Who votes"), Voters.ONE_PER_UNIT_PRESENT.value, "select",
                  [(_(v.label), v.value) for v in Voters]),
            Field("mode", _("The numbers typed are"), EntryMode.KEPT.value, "select",
                  [(_(m.label), m.value) for m in EntryMode]),
            Field("all_crossed", _("A ballot with every name crossed out is invalid"), True, "check"),
            Field("cascade", _("Units chosen for a higher award leave this list"), True, "check"),
        ]

        def save(values: dict[str, Any]) -> Poll:
            try:
                quota = int(str(values["quota"]).strip())
            except ValueError as exc:
                raise ValidationError("The number of seats must be a whole number.", field="quota") from exc
            custom = str(values["custom"]).strip()
            try:
                threshold = (Threshold.custom(custom) if custom
                             else Threshold(Rule(values["rule"] or Rule.MORE_THAN_HALF.value)))
            except ValidationError as exc:
                raise ValidationError(exc.message, field="custom", **exc.params) from exc
            kind = PollKind(values["kind"] or PollKind.AWARD.value)
            year = self.conference.info().year + 1
            title = values["title"] or {
                PollKind.LEADER: _("Election of the leader unit for {year}", year=year),
                PollKind.DEPUTY: _("Election of the deputy unit for {year}", year=year),
                PollKind.MOTION: _("Show-of-hands motion"),
            }.get(kind, "")
            return voting.create_poll(self.conference, Poll(
                kind=kind, title=title, award=(values["award"] or "") if kind is PollKind.AWARD else "",
                quota=quota, threshold=threshold, base=Base(values["base"] or Base.VALID_BALLOTS.value),
                voters=Voters(values["voters"] or Voters.ONE_PER_UNIT_PRESENT.value),
                entry_mode=EntryMode(values["mode"] or EntryMode.KEPT.value),
                invalid_when_all_crossed=bool(values["all_crossed"]), cascade=bool(values["cascade"])))

        self.app.push_screen(RecordForm(_("New poll"), fields, save), self._form_done)

    def _change(self, change: Any, done: str = "") -> Any:
        result = self.attempt(change)
        if result is not None and done:
            self._say(done)
        self._show_poll()
        return result

    def action_open_poll(self) -> None:
        if self.poll_id is not None:
            poll = self._change(lambda: voting.open_poll(self.conference, self.poll_id or 0))
            if poll is not None:
                self._say(_("Open: {issued} ballots issued (voters present). Ctrl+T sets the ballots collected.",
                            issued=poll.issued))

    def action_collected(self) -> None:
        """Ballots issued (from check-in; a change needs its reason, which is kept) and ballots collected."""
        current = self._poll()
        if current is None:
            return
        poll_id = current.id or 0

        def number(values: dict[str, Any], name: str, message: str) -> int:
            try:
                return int(str(values[name]).strip())
            except ValueError as exc:
                raise ValidationError(message, field=name) from exc

        def save(values: dict[str, Any]) -> Poll:
            issued = number(values, "issued", "Type the number of ballots issued.")
            collected = number(values, "collected", "Type the number of ballots collected.")
            if issued != current.issued:
                if not values["reason"].strip():
                    raise ValidationError("Say why the ballots issued differ from check-in.", field="reason")
                voting.set_issued(self.conference, poll_id, issued, values["reason"])
            return voting.set_collected(self.conference, poll_id, collected)

        fields = [
            Field("issued", _("Ballots issued (from check-in)"), str(current.issued)),
            Field("reason", _("Reason, if you change the ballots issued"), ""),
            Field("collected", _("Ballots collected"), str(current.collected or "")),
        ]
        self.app.push_screen(RecordForm(_("Ballots issued and collected"), fields, save), self._form_done)

    def action_clerk(self) -> None:
        """Double entry: a second clerk types the same stack; the differences are listed before closing."""
        self.clerk = 2 if self.clerk == 1 else 1
        self._say(_("Now typing as clerk {clerk}.", clerk=self.clerk))
        self._show_poll()

    def action_invalid(self) -> None:
        if self.poll_id is None:
            return
        poll_id = self.poll_id
        reasons = [r for r in InvalidReason if r is not InvalidReason.TOO_MANY_KEPT]
        fields = [Field("reason", _("Why is it invalid?"), InvalidReason.WRITTEN_ON.value, "select",
                        [(_(r.label), r.value) for r in reasons])]

        def save(values: dict[str, Any]) -> voting.Ballot:
            return voting.enter_invalid(self.conference, poll_id, InvalidReason(values["reason"] or "other"),
                                        clerk=self.clerk)

        self.app.push_screen(RecordForm(_("Invalid ballot"), fields, save), self._form_done)

    def action_undo(self) -> None:
        if self.poll_id is not None:
            ballot = self._change(lambda: voting.undo_last(self.conference, self.poll_id or 0, clerk=self.clerk))
            if ballot is not None:
                self._say(_("Ballot {seq} taken back.", seq=ballot.seq))

    def action_close_poll(self) -> None:
        poll = self._poll()
        if poll is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                digest = self._change(lambda: voting.close_poll(self.conference, poll.id or 0))
                if digest:
                    self._say(_("Counting closed. Audit digest {digest} (it goes into the vote-counting minutes).",
                                digest=digest))

        self.app.push_screen(ConfirmScreen(_("Close the counting of “{name}”? The result is then frozen.",
                                             name=poll.title or poll.award or _(poll.kind.label))), answered)

    def action_second_round(self) -> None:
        if self.poll_id is not None:
            poll = self._change(lambda: voting.second_round(self.conference, self.poll_id or 0))
            if poll is not None:
                self.poll_id = poll.id
                self.reload()
                self._say(_("Round {round} created among the tied candidates: Ctrl+O opens it.", round=poll.round))

    def action_leaders(self) -> None:
        poll = self._poll()
        if poll is None:
            return
        result = voting.tally(self.conference, poll.id or 0)
        names = self.conference.unit_names()
        choices = result.tied or tuple(u for u in poll.candidates if u not in result.winners)
        fields = [
            Field("units", _("Chosen by the leader and deputy units"), (), "multi",
                  [(names.get(u, "?"), u) for u in choices]),
            Field("note", _("Note (who decided, how)"), ""),
        ]

        def save(values: dict[str, Any]) -> Poll:
            return voting.record_leaders_decision(self.conference, poll.id or 0, values["units"], values["note"])

        self.app.push_screen(RecordForm(_("Leaders' decision"), fields, save), self._form_done)

    def action_papers(self) -> None:
        """Write the ballot papers of the chosen poll (as many as voters present), with a progress bar."""
        if self.poll_id is None:
            return
        from screens.widgets.progress import JobScreen
        from tdkt_tui.documents.ballot_paper import write_ballot_papers

        poll_id = self.poll_id

        def done(path: Path | None) -> None:
            if path is not None:
                self.notify(_("Ballot papers written: {path}", path=str(path)), timeout=15)

        self.app.push_screen(JobScreen(_("Writing the ballot papers…"),
                                       lambda progress: write_ballot_papers(self.conference, poll_id,
                                                                            progress=progress)), done)

    def action_count_minutes(self) -> None:
        """Write the vote-counting minutes (DOCX) of the chosen poll; an unclosed poll is marked provisional."""
        if self.poll_id is None:
            return
        from tdkt_tui.documents.count_minutes import write_count_minutes

        path = self.attempt(lambda: write_count_minutes(self.conference, self.poll_id or 0))
        if path is not None:
            self.notify(_("Vote-counting minutes written: {path}", path=str(path)), timeout=15)

    def action_projector(self) -> None:
        from screens.projector import ProjectorScreen

        self.app.push_screen(ProjectorScreen(self.poll_id))
