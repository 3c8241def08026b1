"""The one path from what a person types to the records of a vote, for the counting screen and the ``tdkt`` command
alike: the same defaults, the same rules, the same messages (each ValidationError names the field to fix).

A screen hands over the text of its inputs (a select's value is the code it stores); the command line hands over
its arguments as typed. Nothing here writes to the folder: the builders return records that
:mod:`~tdkt_tui.domain.voting.polls` and :mod:`~tdkt_tui.domain.voting.entry` store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.errors import ValidationError
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.model import Attendee
from tdkt_tui.domain.text import clean, fold
from tdkt_tui.domain.voting.records import (
    MAX_BALLOTS,
    BallotInput,
    Committee,
    EntryMode,
    InvalidReason,
    Member,
    Motion,
    Poll,
    PollKind,
    Voters,
)
from tdkt_tui.domain.voting.thresholds import (
    MAX_SEATS,
    Base,
    Quota,
    QuotaOf,
    Rule,
    Threshold,
    parse_fraction,
)

# -- short words the command line takes, beside the codes the screens' selects give --------------------------------

KINDS = {"award": PollKind.AWARD, "leader": PollKind.LEADER, "deputy": PollKind.DEPUTY, "motion": PollKind.MOTION}
BASES = {"valid": Base.VALID_BALLOTS, "issued": Base.BALLOTS_ISSUED, "eligible": Base.ELIGIBLE_VOTERS}
VOTERS = {"units": Voters.ONE_PER_UNIT_PRESENT, "delegates": Voters.EVERY_VOTING_DELEGATE_PRESENT}
MODES = {"kept": EntryMode.KEPT, "crossed": EntryMode.CROSSED}
QUOTA_OF = {"members": QuotaOf.MEMBER_UNITS, "remaining": QuotaOf.REMAINING_UNITS}
INVALID = {"written": InvalidReason.WRITTEN_ON, "not-official": InvalidReason.NOT_OFFICIAL,
           "other": InvalidReason.OTHER, "all-crossed": InvalidReason.ALL_CROSSED}


def _choice(value: object, words: dict[str, object], default: object, field: str) -> object:
    """A select's stored code, a command-line word, or the default for nothing typed."""
    text = clean(str(value or "")).lower()
    if not text:
        return default
    if text in words:
        return words[text]
    for member in words.values():
        if text == getattr(member, "value", None):
            return member
    raise ValidationError("“{value}” is not one of: {choices}.", field=field, value=str(value),
                          choices=", ".join(words))


def parse_kind(value: object) -> PollKind:
    return _choice(value, KINDS, PollKind.AWARD, "kind")  # type: ignore[return-value]


def parse_base(value: object) -> Base:
    return _choice(value, BASES, Base.VALID_BALLOTS, "base")  # type: ignore[return-value]


def parse_voters(value: object) -> Voters:
    return _choice(value, VOTERS, Voters.ONE_PER_UNIT_PRESENT, "voters")  # type: ignore[return-value]


def parse_mode(value: object) -> EntryMode:
    return _choice(value, MODES, EntryMode.KEPT, "mode")  # type: ignore[return-value]


def parse_invalid_reason(value: object) -> InvalidReason:
    reason = _choice(value, INVALID, InvalidReason.OTHER, "reason")
    return reason  # type: ignore[return-value]


# -- numbers -------------------------------------------------------------------------------------------------------


def parse_count(text: object, field: str, *, most: int = MAX_BALLOTS) -> int:
    """A whole number of ballots or hands, 0 to ``most``."""
    raw = clean(str(text if text is not None else "")).replace(" ", "")
    if not (raw.isascii() and raw.isdigit()):
        raise ValidationError("“{value}” is not a whole number.", field=field, value=str(text or ""))
    number = int(raw)
    if number > most:
        raise ValidationError("The number of ballots must be between 0 and 100000.", field=field)
    return number


_STRICT = ("more than", "over", "above", "quá", "trên", "hơn", ">")
_AT_LEAST = ("at least", "from", "no less than", "ít nhất", "tối thiểu", "từ", "≥", ">=")
_AT_LEAST_AFTER = ("or more", "trở lên")


def parse_threshold(text: str, rule: str | Rule | None = None) -> Threshold:
    """The threshold as typed: "more than 1/2", "at least 2/3", "> 3/4", "≥ 75%", "quá 1/2", "từ 2/3 trở lên".

    A bare fraction means "at least", except "1/2" (and 50 %), which by custom means "more than half". With nothing
    typed, ``rule`` (a select's code) gives the threshold; with neither, more than half.
    """
    raw = clean(text).lower()
    if not raw:
        if rule:
            try:
                return Threshold(Rule(rule))
            except ValueError as exc:
                raise ValidationError("“{value}” is not a threshold; type a fraction such as 3/4 or a percentage "
                                      "such as 75%.", field="threshold", value=str(rule)) from exc
        return Threshold()
    strict: bool | None = None
    for word in _AT_LEAST_AFTER:
        if raw.endswith(word):
            raw, strict = raw[: -len(word)].strip(), False
    prefix = next(((word, value) for words, value in ((_AT_LEAST, False), (_STRICT, True))  # ">=" before ">"
                   for word in words if raw.startswith(word)), None)
    if prefix is not None:
        raw = raw[len(prefix[0]):].strip()
        strict = prefix[1] if strict is None else strict
    raw = {"half": "1/2", "một nửa": "1/2", "nửa": "1/2", "two thirds": "2/3", "hai phần ba": "2/3"}.get(raw, raw)
    try:
        fraction = parse_fraction(raw)
    except ValidationError as exc:
        raise ValidationError("“{value}” is not a threshold; type a fraction such as 3/4 or a percentage such as "
                              "75%.", field="threshold", value=text) from exc
    if strict is None:
        strict = fraction == Fraction(1, 2)
    return Threshold.custom(fraction, strict).validated()


def parse_quota(text: object, of: object = None) -> Quota:
    """Seats as typed: a number ("2"), or a share ("20%", "1/5") of the member units — or, with ``of`` "remaining"
    or the words "of the remaining"/"còn lại" after it, of the units not chosen for a higher award. Rounded down."""
    raw = clean(str(text if text is not None else "")).lower()
    where = _choice(of, QUOTA_OF, None, "quota_of")
    for word in ("of the remaining units", "of the remaining", "of remaining", "remaining", "số còn lại",
                 "còn lại"):
        if raw.endswith(word):
            raw, where = raw[: -len(word)].strip(), QuotaOf.REMAINING_UNITS
            break
    for word in ("of the member units", "of members", "members", "đơn vị thành viên", "thành viên"):
        if raw.endswith(word):
            raw, where = raw[: -len(word)].strip(), where or QuotaOf.MEMBER_UNITS
            break
    if raw.isascii() and raw.isdigit():  # a plain number is seats, whatever a share would be of
        seats = int(raw)
        if not 1 <= seats <= MAX_SEATS:
            raise ValidationError("The number of seats must be between 1 and 100.", field="quota")
        return Quota(seats)
    if not raw or not ("%" in raw or "/" in raw):
        raise ValidationError("“{value}” is not a number of seats; type a number such as 2 or a share such as 20%.",
                              field="quota", value=str(text or ""))
    try:
        share = parse_fraction(raw)
    except ValidationError as exc:
        raise ValidationError("“{value}” is not a number of seats; type a number such as 2 or a share such as 20%.",
                              field="quota", value=str(text or "")) from exc
    return Quota(0, share, where or QuotaOf.MEMBER_UNITS)  # type: ignore[arg-type]


def parse_rounds(text: object) -> int:
    raw = clean(str(text if text is not None else ""))
    if not raw:
        from tdkt_tui.domain.voting.records import DEFAULT_MAX_ROUNDS

        return DEFAULT_MAX_ROUNDS
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= 5:
        raise ValidationError("The number of rounds must be between 1 and 5.", field="max_rounds")
    return int(raw)


def parse_time(text: object, field: str) -> str:
    """A time of day typed "9:35", "09:35" or "9h35"; "" for nothing typed."""
    raw = clean(str(text or "")).lower().replace("h", ":").replace(".", ":")
    if not raw:
        return ""
    m = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", raw)
    if not m:
        raise ValidationError("Times are written HH:MM, for example 08:00.", field=field)
    return f"{int(m.group(1)):02d}:{m.group(2)}"


# -- ballots and hands ---------------------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s,]+")


def parse_ballot(text: str, poll: Poll) -> BallotInput:
    """Read a typed ballot: candidate numbers separated by spaces or commas ("1 3 4", "1,3,4").

    Anything else ("-1", "+1", "1.3", "1-3", "1;3") is refused with the reason, so nothing half-understood is stored.
    In ``KEPT`` mode the numbers are the names kept (nothing typed: every name crossed out); in ``CROSSED`` mode the
    names crossed out (nothing typed: every name kept). More names kept than seats makes the ballot invalid.
    """
    count = len(poll.candidates)
    typed: list[int] = []
    for token in _SEPARATORS.split(clean(text).strip(" ,")):
        if not token:
            continue
        if not (token.isascii() and token.isdigit()):
            raise ValidationError("“{token}” is not a candidate number: type the numbers of the names, separated by "
                                  "spaces or commas (1 3 4).", field="ballot", token=token)
        number = int(token)
        if not 1 <= number <= count:
            raise ValidationError("There is no candidate {number}; the list has {count} names.", field="ballot",
                                  number=number, count=count)
        if number in typed:
            raise ValidationError("Candidate {number} is typed twice.", field="ballot", number=number)
        typed.append(number)
    if poll.entry_mode is EntryMode.KEPT:
        kept = tuple(sorted(typed))
    else:
        kept = tuple(n for n in range(1, count + 1) if n not in typed)
    if not kept and poll.invalid_when_all_crossed:
        return BallotInput((), InvalidReason.ALL_CROSSED, tuple(typed))
    if len(kept) > poll.quota:
        return BallotInput((), InvalidReason.TOO_MANY_KEPT, tuple(typed))
    return BallotInput(kept, None, tuple(typed))


def parse_motion(text: str) -> Motion:
    """A show of hands typed as three whole numbers: agree, disagree, not voting ("10 1 0", "10,1,0")."""
    parts = [p for p in _SEPARATORS.split(clean(text)) if p]
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
        raise ValidationError("Type three numbers: agree, disagree, not voting (e.g. 10 1 0).", field="ballot")
    agree, disagree, abstain = (int(p) for p in parts)
    return Motion(agree, disagree, abstain)


# -- polls ---------------------------------------------------------------------------------------------------------


def default_title(kind: PollKind, year: int, award: str = "") -> str:
    """The title a poll gets when none is typed (in the interface language: it is printed on the ballot paper)."""
    if kind is PollKind.LEADER:
        return _("Election of the leader unit for {year}", year=year)
    if kind is PollKind.DEPUTY:
        return _("Election of the deputy unit for {year}", year=year)
    if kind is PollKind.MOTION:
        return _("Show-of-hands motion")
    return clean(award)


def find_units(conference: Conference, text: str | list[str] | tuple[str, ...], field: str,
               among: tuple[int, ...] | None = None) -> tuple[int, ...]:
    """Units named as typed — names or short names (ignoring case and marks), separated by ";" or new lines, or
    given one per item; with ``among`` (a poll's candidates) a number is the candidate's number on the ballot."""
    items = [text] if isinstance(text, str) else list(text)
    names = [clean(part) for item in items for part in re.split(r"[;\n]", item) if clean(part)]
    chosen: list[int] = []
    for name in names:
        unit_id: int | None = None
        if among is not None and name.isascii() and name.isdigit():
            number = int(name)
            if not 1 <= number <= len(among):
                raise ValidationError("There is no candidate {number}; the list has {count} names.", field=field,
                                      number=number, count=len(among))
            unit_id = among[number - 1]
        else:
            unit = conference.find_unit(name)
            if unit is None or not unit.is_member:
                raise ValidationError("“{name}” is not a member unit of the bloc.", field=field, name=name)
            unit_id = unit.id
        if unit_id in chosen:
            raise ValidationError("A unit is listed twice among the candidates.", field=field)
        chosen.append(unit_id)  # type: ignore[arg-type]
    return tuple(chosen)


@dataclass(frozen=True)
class PollForm:
    """A poll as typed on the screen's form or on the command line (text, select codes, check boxes)."""

    kind: str = ""
    award: str = ""
    title: str = ""
    quota: str = "1"
    quota_of: str = ""
    threshold: str = ""  # typed ("at least 3/4"); wins over ``rule``
    rule: str = ""  # a select's code
    base: str = ""
    voters: str = ""
    mode: str = ""
    all_crossed_invalid: bool = True
    cascade: bool = True
    rounds: str = ""
    candidates: tuple[int, ...] | str = ()  # unit ids chosen on the screen, or names typed; empty: the default


def build_poll(conference: Conference, form: PollForm, *, existing: Poll | None = None) -> Poll:
    """The poll the form describes (not stored): the screen's and the command line's one way to make it."""
    kind = parse_kind(form.kind)
    award = clean(form.award) if kind is PollKind.AWARD else ""
    title = clean(form.title) or default_title(kind, conference.info().year + 1, award)
    quota = parse_quota(form.quota or "1", form.quota_of) if kind is not PollKind.MOTION else Quota(1)
    try:
        threshold = parse_threshold(form.threshold, form.rule)
    except ValidationError as exc:
        raise ValidationError(exc.message, field="threshold", **exc.params) from exc
    if isinstance(form.candidates, str):
        candidates = find_units(conference, form.candidates, "candidates") if clean(form.candidates) else ()
    else:
        candidates = tuple(form.candidates)
    base = dict(kind=kind, title=title, award=award, quota=quota.seats if not quota.is_share else 0,
                quota_rule=quota if quota.is_share else None, threshold=threshold, base=parse_base(form.base),
                voters=parse_voters(form.voters), entry_mode=parse_mode(form.mode),
                invalid_when_all_crossed=bool(form.all_crossed_invalid), cascade=bool(form.cascade),
                max_rounds=parse_rounds(form.rounds), candidates=candidates)
    if existing is None:
        return Poll(**base)  # type: ignore[arg-type]
    from dataclasses import replace

    return replace(existing, **base)  # type: ignore[arg-type]


def committee_from(conference: Conference, head: object, members: object, began: object = "", ended: object = "",
                   current: Committee | None = None) -> Committee:
    """The counting committee as chosen (attendee ids from the screen) or typed (names): people checked in only."""
    present = [p for p in conference.attendees() if p.present]

    def person(value: object, field: str) -> Attendee:
        if isinstance(value, int):
            found = [p for p in present if p.id == value]
        else:
            key = fold(str(value))
            found = [p for p in present if fold(p.full_name) == key]
        if not found:
            raise ValidationError("{name} is not among the people checked in.", field=field, name=str(value))
        if len(found) > 1:
            raise ValidationError("Several people checked in are called {name}; choose on the counting screen.",
                                  field=field, name=str(value))
        return found[0]

    chosen_head = None
    if head not in (None, ""):
        found = person(head, "head")
        chosen_head = Member(found.id or 0, found.full_name)
    if isinstance(members, str):  # names typed, separated by ";" "," or new lines (no name has a comma)
        member_values: list[object] = [clean(m) for m in re.split(r"[;,\n]", members) if clean(m)]
    else:
        member_values = list(members or ())  # type: ignore[call-overload]
    chosen: list[Member] = []
    for value in member_values:
        found = person(value, "members")
        if chosen_head and found.id == chosen_head.attendee_id or any(m.attendee_id == found.id for m in chosen):
            continue
        chosen.append(Member(found.id or 0, found.full_name))
    current = current or Committee()
    return Committee(chosen_head, tuple(chosen), parse_time(began, "began") or current.began,
                     parse_time(ended, "ended") or current.ended).validated()


def form_of(poll: Poll) -> PollForm:
    """A stored poll as its form shows it, for changing a draft."""
    rule = poll.quota_rule
    return PollForm(
        kind=poll.kind.value, award=poll.award, title=poll.title,
        quota=rule.text() if rule is not None and rule.is_share else str(poll.quota),
        quota_of=rule.of.value if rule is not None and rule.is_share else "",
        threshold="" if poll.threshold.rule is not Rule.CUSTOM else
        f"{'more than' if poll.threshold.strict else 'at least'} {poll.threshold.fraction}",
        rule=poll.threshold.rule.value if poll.threshold.rule is not Rule.CUSTOM else "",
        base=poll.base.value, voters=poll.voters.value, mode=poll.entry_mode.value,
        all_crossed_invalid=poll.invalid_when_all_crossed, cascade=poll.cascade, rounds=str(poll.max_rounds),
        candidates=poll.candidates)
