"""Stored codes with their labels: one declaration per member, code and label side by side."""

from __future__ import annotations

from enum import Enum


class Labelled(str, Enum):
    """A code the store keeps (``value``) with the words the interface shows (``label``, a msgid).

    Declared as ``VOTING = "voting", N_("Voting delegate")``; the label is translated where it is shown,
    ``_(Role.VOTING.label)``.
    """

    label: str

    def __new__(cls, value: str, label: str = "") -> Labelled:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    def __str__(self) -> str:
        return self.value
