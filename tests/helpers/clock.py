"""A frozen export clock: every export made in a test is stamped with the same second, so a second run's file name
must differ from the first's by more than its time."""

from __future__ import annotations

import datetime as dt

import pytest

from tdkt_tui.domain import exports


def freeze_export_clock(monkeypatch: pytest.MonkeyPatch, when: dt.datetime) -> None:
    """Stamp every export name with ``when`` (export names are made in ``domain/exports.py``)."""

    class Frozen(dt.datetime):
        @classmethod
        def now(cls, tz: object = None) -> Frozen:  # type: ignore[override]
            return cls(when.year, when.month, when.day, when.hour, when.minute, when.second)

    class Clock:
        datetime = Frozen
        date, timedelta = dt.date, dt.timedelta

    monkeypatch.setattr(exports, "dt", Clock)
