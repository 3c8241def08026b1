"""Live vote counting (docs/domain.md#voting-rules, docs/counting.md): polls for award nominations, the election of
next year's leader and deputy and show-of-hands motions; anonymous ballots; the exact threshold arithmetic; the tally
with ties and further rounds; double entry; and the audit chain that proves a count against its printed digest.

Callers use ``from tdkt_tui.domain import voting`` and ``voting.<name>``; the package is split by job:

- :mod:`.thresholds` — thresholds, bases, seats given as a share, percentages (exact arithmetic);
- :mod:`.records` — the stored records (polls, ballots, decisions, the counting committee);
- :mod:`.forms` — the one path from typed input (a screen's form, the command line) to those records;
- :mod:`.lifecycle` — a poll from draft to close: candidates, seats, opening, counts, committee;
- :mod:`.entry` — ballots entered, taken back, double entry, the show of hands;
- :mod:`.counting` — the tally and the recount;
- :mod:`.results` — the tally as shown (a closed poll checked against its chain), in sentences and as JSON;
- :mod:`.rounds` — further rounds, the leaders' decision, seats left unfilled, rotation, who was chosen;
- :mod:`.integrity` — what the chain records and the check against it;
- :mod:`.index` — the running state that keeps entering a ballot flat.
"""

from __future__ import annotations


from tdkt_tui.domain.voting.counting import (
    Tally,
    base_count,
    base_label,
    recount,
    seats,
    timed_recount,
)
from tdkt_tui.domain.voting.entry import (
    ballots,
    enter_ballot,
    enter_ballots,
    enter_invalid,
    entered,
    mismatches,
    record_motion,
    undo_last,
)
from tdkt_tui.domain.voting.forms import (
    PollForm,
    build_poll,
    committee_from,
    default_title,
    find_units,
    parse_ballot,
    parse_count,
    parse_motion,
    parse_quota,
    parse_threshold,
)
from tdkt_tui.domain.voting.integrity import (
    Finding,
    PollCheck,
    Verification,
    running_digest,
    verify,
    verify_poll,
)
from tdkt_tui.domain.voting.results import outcome, tally, tally_json
from tdkt_tui.domain.voting.lifecycle import (
    close_poll,
    create_poll,
    default_candidates,
    open_poll,
    proposed_for,
    remaining_units,
    remove_poll,
    seats_text,
    set_collected,
    set_committee,
    set_issued,
    update_poll,
    voters_present,
)
from tdkt_tui.domain.voting.records import (
    AWARD_LEVELS,
    BALLOTS,
    DEFAULT_MAX_ROUNDS,
    POLLS,
    Ballot,
    BallotInput,
    Committee,
    Decision,
    DecisionKind,
    EntryMode,
    InvalidReason,
    IssuedChange,
    Member,
    Motion,
    Poll,
    PollKind,
    Status,
    Voters,
    get_poll,
    polls,
    rounds_of,
)
from tdkt_tui.domain.voting.rounds import (
    awarded_higher,
    elected,
    further_round,
    leaders_choices,
    leaders_elected,
    leave_unfilled,
    next_round_kind,
    record_leaders_decision,
    record_rotation,
    second_round,
    women_led_among,
)
from tdkt_tui.domain.voting.thresholds import (
    Base,
    Quota,
    QuotaOf,
    Rule,
    Threshold,
    meets,
    parse_fraction,
    percent,
    votes_needed,
)

__all__ = [
    "AWARD_LEVELS", "BALLOTS", "Ballot", "BallotInput", "Base", "Committee", "DEFAULT_MAX_ROUNDS", "Decision",
    "DecisionKind", "EntryMode", "Finding", "InvalidReason", "IssuedChange", "Member", "Motion", "POLLS", "Poll",
    "PollCheck", "PollForm", "PollKind", "Quota", "QuotaOf", "Rule", "Status", "Tally", "Threshold", "Verification",
    "Voters", "awarded_higher", "ballots", "base_count", "base_label", "build_poll", "close_poll", "committee_from",
    "create_poll", "default_candidates", "default_title", "elected", "enter_ballot", "enter_ballots",
    "enter_invalid", "entered", "find_units", "further_round", "get_poll", "leaders_choices", "leaders_elected",
    "leave_unfilled", "meets", "mismatches", "next_round_kind", "open_poll", "outcome", "parse_ballot",
    "parse_count", "parse_fraction", "parse_motion", "parse_quota", "parse_threshold", "percent", "polls",
    "proposed_for", "record_leaders_decision", "record_motion", "record_rotation", "recount", "remaining_units",
    "remove_poll", "rounds_of", "running_digest", "seats", "seats_text", "second_round", "set_collected",
    "set_committee", "set_issued", "tally", "tally_json", "timed_recount", "undo_last", "update_poll", "verify",
    "verify_poll", "voters_present", "votes_needed", "women_led_among",
]
