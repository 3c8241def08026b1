"""Commands that look after the conference folder itself: fold the journal now, recover a damaged folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from tdkt_tui.cli.table import PATH, arg, command
from tdkt_tui.domain.i18n import N_, _


@command("compact", N_("Fold the journal into the snapshot now, e.g. before copying the folder to a USB stick."), PATH)
def compact(args: argparse.Namespace) -> int:
    from tdkt_tui.domain.conference import Conference

    conference = Conference.open(args.path, create=False)
    try:
        folded = conference.compact()
        seq = conference.store.seq
    finally:
        conference.close()
    if folded:
        print(_("The journal of {path} is folded into its snapshot (sequence {seq}); the folder can be copied now.",
                path=str(args.path), seq=seq))
    else:
        print(_("The snapshot of {path} already holds every change (sequence {seq}); the folder can be copied now.",
                path=str(args.path), seq=seq))
    return 0


@command("recover", N_("Write a recovered copy of a damaged conference folder into NEWPATH; PATH is not changed."),
         PATH, arg("target", metavar="NEWPATH", type=Path, help=N_("a new or empty folder for the recovered copy")))
def recover(args: argparse.Namespace) -> int:
    recover_into(args.path, args.target)
    print(_("{path} was left as it was; open the copy with: tdkt \"{target}\"", path=str(args.path),
            target=str(args.target)))
    return 0


def recover_into(path: Path, target: Path) -> None:
    """Write the recovered copy of ``path`` into ``target`` and say what was kept and what had to be dropped; the
    one path of ``tdkt recover`` and of the offer made when the app is asked to open a damaged folder."""
    from tdkt_tui.domain.conference import Conference
    from tdkt_tui.domain.recovery import recover as recover_folder

    result = recover_folder(path, target)
    Conference.open(target, create=False).close()  # the copy opens (and is migrated if it was older)
    if result.source is None:
        print(_("Recovered copy written to {target} from the start of the journal: {count} entries, up to sequence "
                "{seq}.", target=str(target), count=len(result.replayed), seq=result.seq))
    else:
        print(_("Recovered copy written to {target} from {source} (sequence {base}) and {count} journal entries "
                "after it, up to sequence {seq}.", target=str(target), source=str(result.source),
                base=result.base_seq, count=len(result.replayed), seq=result.seq))
    for dropped in result.dropped:
        if dropped.seq is None:
            print(_("Dropped the line at byte {offset} of {journal}: {reason}.", offset=dropped.offset,
                    journal=dropped.journal, reason=_(dropped.reason)))
        else:
            print(_("Dropped sequence {seq} ({journal}, byte {offset}): {reason}.", seq=dropped.seq,
                    journal=dropped.journal, offset=dropped.offset, reason=_(dropped.reason)))
    for first, last in result.missing:
        if first == last:
            print(_("Sequence {seq} is in no readable file; that change is lost.", seq=first))
        else:
            print(_("Sequences {first} to {last} are in no readable file; those changes are lost.", first=first,
                    last=last))
    if not result.dropped and not result.missing:
        print(_("Nothing had to be dropped."))


def recovered_name(path: Path) -> Path:
    """A new folder beside ``path`` for its recovered copy: ``NAME-khoi-phuc``, then ``-2``, ``-3``… if taken."""
    base = path.parent / f"{path.name}-khoi-phuc"
    target, n = base, 1
    while target.exists() and any(target.iterdir()):
        n += 1
        target = base.with_name(f"{base.name}-{n}")
    return target
