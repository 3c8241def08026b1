"""Whatever a user feeds the ballot and score-workbook parsers, they answer with a result or a clear error."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tdkt_tui.domain import scoring, voting
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.demo import write_demo
from tdkt_tui.domain.errors import TdktError, ValidationError
from tdkt_tui.sheets import scores as score_sheets


@pytest.fixture(scope="module")
def conference(tmp_path_factory: pytest.TempPathFactory) -> Conference:
    conf = write_demo(tmp_path_factory.mktemp("props") / "demo")
    yield conf
    conf.close()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300), quota=st.integers(1, 11), crossed=st.booleans())
def test_any_ballot_text_is_understood_or_refused(conference: Conference, text: str, quota: int,
                                                  crossed: bool) -> None:
    poll = voting.Poll(kind=voting.PollKind.AWARD, quota=quota, candidates=tuple(u.id for u in
                                                                                 conference.member_units()),
                       entry_mode=voting.EntryMode.CROSSED if crossed else voting.EntryMode.KEPT)
    try:
        ballot = voting.parse_ballot(text, poll)
    except ValidationError as exc:
        assert str(exc)
        return
    assert all(1 <= n <= len(poll.candidates) for n in ballot.kept)
    assert len(set(ballot.kept)) == len(ballot.kept)
    assert ballot.invalid is not None or len(ballot.kept) <= quota


CELLS = st.one_of(st.none(), st.integers(-50, 200), st.floats(allow_nan=True, allow_infinity=True),
                  st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20), st.sampled_from(["1.1", "9,5", "Tự chấm", "Thẩm định", "Đơn vị"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELLS, min_size=1, max_size=6), min_size=1, max_size=8))
def test_any_score_workbook_is_read_or_refused_naming_cells(conference: Conference, rows: list[list[object]]) -> None:
    codes = [c.code for c in scoring.criteria(conference)]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    sheet.append(["Đơn vị", *codes[:4]])
    units = [u.name for u in conference.member_units()]
    for i, row in enumerate(rows):
        sheet.append([units[i % len(units)], *row])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "diem.xlsx"
        book.save(path)
        before = scoring.scores(conference)
        try:
            preview = score_sheets.read_score_workbook(conference, path)
        except TdktError as exc:
            assert str(exc)
            return
    assert scoring.scores(conference) == before  # reading stores nothing
    for issue in preview.issues:
        assert re.fullmatch(r".+![A-Z]+\d+", issue.where) and issue.reason
