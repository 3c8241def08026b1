"""The form of one person, built on :class:`screens.widgets.record_form.RecordForm`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from screens.widgets.record_form import Field, RecordForm
from tdkt_tui.domain.i18n import _
from tdkt_tui.domain.model import Attendee, Role, Unit


def attendee_form(person: Attendee | None, units: list[Unit],
                  save: Callable[[Attendee], Attendee]) -> RecordForm[Attendee]:
    """Add (``person`` None) or edit a person; ``save`` is the conference's add or update."""
    current = person or Attendee(full_name="")
    fields = [
        Field("full_name", _("Full name"), current.full_name),
        Field("unit_id", _("Unit"), current.unit_id, "select", [(u.name, u.id) for u in units], _("(no unit)")),
        Field("title", _("Title"), current.title),
        Field("role", _("Role"), current.role.value, "select", [(_(r.label), r.value) for r in Role]),
        Field("phone", _("Phone"), current.phone),
        Field("email", _("E-mail"), current.email),
        Field("seat", _("Seat"), current.seat),
        Field("note", _("Note"), current.note),
    ]

    def submit(values: dict[str, Any]) -> Attendee:
        values["role"] = Role(values["role"] or Role.DELEGATE.value)
        return save(replace(current, **values))

    title = _("Edit person") if person is not None else _("Add a person")
    return RecordForm(title, fields, submit)
