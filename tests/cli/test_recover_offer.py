"""Opening a damaged folder at a terminal: the app offers what ``tdkt recover`` does, into a new folder beside it,
and opens the copy; the damaged folder is never touched, and a "no" (or no terminal) leaves the one sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from tdkt_tui.cli import main
from tdkt_tui.domain.conference import Conference
from tdkt_tui.domain.demo import write_demo
from tdkt_tui.domain.snapshots import SNAPSHOT
from tdkt_tui.ui.app import TdktApp


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def damaged(tmp_path: Path) -> tuple[Path, int]:
    folder = tmp_path / "hoi-nghi"
    conference = write_demo(folder, held=True)
    people = conference.attendance().total_expected
    conference.compact()
    conference.close()
    snapshot = folder / SNAPSHOT
    snapshot.write_bytes(snapshot.read_bytes()[:200])  # cut in the middle, as a bad USB stick leaves it
    return folder, people


@pytest.fixture
def at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Someone is at the terminal; the app's run() records the folder it was given instead of drawing."""
    opened: list[Path] = []
    monkeypatch.setattr("tdkt_tui.cli.app.at_terminal", lambda: True)
    monkeypatch.setattr(TdktApp, "run", lambda self, *a, **k: opened.append(self.conference.folder))
    return opened


def test_yes_writes_the_recovered_copy_beside_it_and_opens_it(damaged: tuple[Path, int], at_a_terminal: list[Path],
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    folder, people = damaged
    before = files(folder)
    monkeypatch.setattr("builtins.input", lambda question: "c")
    assert main([str(folder), "--lang", "vi"]) == 0
    target = folder.parent / "hoi-nghi-khoi-phuc"
    assert at_a_terminal == [target]
    assert files(folder) == before  # the damaged folder is left exactly as it was
    out = capsys.readouterr()
    assert "tdkt recover" in out.err and "Đã ghi bản khôi phục vào" in out.out
    recovered = Conference.open(target, create=False)
    try:
        assert recovered.attendance().total_expected == people
    finally:
        recovered.close()


def test_a_second_offer_does_not_write_over_the_first_copy(damaged: tuple[Path, int], at_a_terminal: list[Path],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder, _ = damaged
    monkeypatch.setattr("builtins.input", lambda question: "y")
    assert main([str(folder)]) == 0
    assert main([str(folder)]) == 0
    assert at_a_terminal == [folder.parent / "hoi-nghi-khoi-phuc", folder.parent / "hoi-nghi-khoi-phuc-2"]


@pytest.mark.parametrize("answer", ["", "k", "n"])
def test_anything_but_yes_leaves_the_sentence_and_writes_nothing(damaged: tuple[Path, int], answer: str,
                                                                at_a_terminal: list[Path],
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = damaged
    before = files(folder)
    monkeypatch.setattr("builtins.input", lambda question: answer)
    assert main([str(folder), "--lang", "en"]) == 1
    assert at_a_terminal == []
    assert not (folder.parent / "hoi-nghi-khoi-phuc").exists()
    assert files(folder) == before
    err = capsys.readouterr().err
    assert "tdkt recover" in err and "Traceback" not in err


def test_without_a_terminal_nothing_is_asked(damaged: tuple[Path, int], monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    folder, _ = damaged
    monkeypatch.setattr("builtins.input", lambda question: pytest.fail("asked without a terminal"))
    assert main([str(folder), "--lang", "en"]) == 1
    assert "tdkt recover" in capsys.readouterr().err
    assert not (folder.parent / "hoi-nghi-khoi-phuc").exists()
