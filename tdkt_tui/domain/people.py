"""The index of everyone expected: the list the screens show, the search keys, the running attendance count.

At 100,000 people this is most of what an open conference holds in memory (docs/scale.md), so it is kept lean: one
record per person (:class:`~tdkt_tui.domain.model.Attendee`, with slots), one folded search key per person in a
list beside it, positions by person id, and nothing else per person. A check-in replaces one person in place and
costs the same at 100,000 people as at 100; a removal rebuilds the lists.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from itertools import compress, repeat
from operator import contains, eq
from typing import Any, overload

from tdkt_tui.domain.attendance import Tally
from tdkt_tui.domain.model import Attendee
from tdkt_tui.domain.text import fold, fold_many

#: How many recent search results are kept to narrow the next keystroke's search (or answer a backspace).
RECENT_SEARCHES = 8
Identity = tuple[str, int | None]


class People:
    """Everyone expected, in the order they were added, with what finds them quickly."""

    def __init__(self) -> None:
        self.everyone: list[Attendee] = []
        #: By position: the folded "name unit title phone e-mail seat" that a search looks in, and how much of it
        #: is the folded name (a person's identity, without folding the name again).
        self._keys: list[str] = []
        self._name_lengths = array("I")
        #: Person ids by position. Ids are given in increasing order, so a person is found by bisection; only when
        #: they are not (a person put back under an old id) is a dict of positions kept instead (8 MB at 100,000).
        self._ids = array("q")
        self._positions: dict[int, int] | None = None
        #: The people registered as someone's substitute (a few), by id.
        self.stand_ins: dict[int, Attendee] = {}
        self.tally = Tally()
        self._identities: dict[Identity, int] | None = None
        #: Recent results, by their words: the keys and the positions of the people found.
        self._searches: dict[tuple[str, ...], tuple[Sequence[str], Sequence[int]]] = {}

    def get(self, person_id: int | None) -> Attendee | None:
        position = self._position(person_id)
        return None if position is None else self.everyone[position]

    def _position(self, person_id: int | None) -> int | None:
        if person_id is None:
            return None
        if self._positions is not None:
            at = self._positions.get(person_id)
        else:
            ids = self._ids
            at = bisect_left(ids, person_id)
            at = at if at < len(ids) and ids[at] == person_id else None
        return None if at is None or self.everyone[at] is None else at  # None: removed, until the lists close up

    def update(self, docs: Iterable[tuple[str, dict[str, Any] | None]], unit_names: dict[int, str]) -> None:
        """Take in the people of ``docs`` (id, stored document; None: removed), in the stored order."""
        if not self.everyone and self._identities is None:
            self._add_everyone(docs, _Keys(unit_names))
            return
        docs = list(docs)
        if any(doc is None for _key, doc in docs):
            # Removals leave gaps until _compact closes them: in a copy, for a screen may still hold this list (or
            # a search result reading it) and must not find a gap in it.
            self.everyone = list(self.everyone)
        everyone, keys, lengths, ids = self.everyone, self._keys, self._name_lengths, self._ids
        identities, tally, stand_ins = self._identities, self.tally, self.stand_ins
        keyed = _Keys(unit_names)
        removed = False
        for key, doc in docs:
            person_id = int(key)
            position = self._position(person_id)
            if position is not None:
                old = everyone[position]
                tally.add(old, -1)
                identity = self._identity(position)
                if identities is not None and identities.get(identity) == person_id:
                    del identities[identity]
                stand_ins.pop(person_id, None)
            if doc is None:
                if position is not None:
                    everyone[position] = None  # type: ignore[call-overload]  # dropped by _compact below
                    removed = True
                continue
            person = Attendee.from_doc(person_id, doc)
            search_key, name_length = keyed(person)
            if position is None:
                if self._positions is None and ids and person_id <= ids[-1]:
                    self._positions = {known: at for at, known in enumerate(ids)}
                if self._positions is not None:
                    self._positions[person_id] = len(everyone)
                ids.append(person_id)
                everyone.append(person)
                keys.append(search_key)
                lengths.append(name_length)
            else:
                everyone[position], keys[position], lengths[position] = person, search_key, name_length
            tally.add(person)
            if identities is not None:
                identities[search_key[:name_length], person.unit_id] = person_id
            if person.substitute_for is not None:
                stand_ins[person_id] = person
        if removed:
            self._compact()
        self._searches = {}

    def _add_everyone(self, docs: Iterable[tuple[str, dict[str, Any] | None]], keyed: _Keys) -> None:
        """:meth:`update` of an empty index (opening 100,000 people): nobody to look up or take out first, and the
        search keys folded many at a time."""
        everyone, ids = self.everyone, self._ids
        from_doc, count_in, stand_ins = Attendee.from_doc, self.tally.add, self.stand_ins
        last, in_order = 0, True
        for key, doc in docs:
            if doc is None:
                continue
            person = from_doc(int(key), doc)
            person_id: int = person.id  # type: ignore[assignment]
            in_order = in_order and person_id > last
            last = person_id
            ids.append(person_id)
            everyone.append(person)
            count_in(person)
            if person.substitute_for is not None:
                stand_ins[person_id] = person
        for at in range(0, len(everyone), _FOLD_AT_ONCE):
            keys, lengths = keyed.many(everyone[at : at + _FOLD_AT_ONCE])
            self._keys += keys
            self._name_lengths.extend(lengths)
        if not in_order:
            self._positions = {known: at for at, known in enumerate(ids)}

    def _compact(self) -> None:
        """Close the gaps removals left (a new list: a screen holding the old one keeps what it showed)."""
        kept = [i for i, person in enumerate(self.everyone) if person is not None]
        self.everyone = [self.everyone[i] for i in kept]
        self._keys = [self._keys[i] for i in kept]
        self._name_lengths = array("I", (self._name_lengths[i] for i in kept))
        self._ids = array("q", (self._ids[i] for i in kept))
        in_order = all(a < b for a, b in zip(self._ids, self._ids[1:]))
        self._positions = None if in_order else {known: at for at, known in enumerate(self._ids)}

    def _identity(self, position: int) -> Identity:
        return self._keys[position][: self._name_lengths[position]], self.everyone[position].unit_id

    def identities(self) -> dict[Identity, int]:
        """Person id by (folded name, unit id), built at the first ask (an add or an import), then kept current."""
        if self._identities is None:
            self._identities = {self._identity(i): person.id  # type: ignore[misc]
                                for i, person in enumerate(self.everyone)}
        return self._identities

    def search(self, words: tuple[str, ...]) -> Sequence[Attendee]:
        """The people whose key holds every one of ``words`` (folded), in the order of everyone.

        Typing narrows: a query whose every earlier word is inside one of its words searches only the earlier
        result, and a few recent results are kept for the backspace, so a keystroke at 100,000 people looks at
        the people still shown, not at everyone. The loops run in C (100,000 keys in about 5 ms). A result holds
        positions (:class:`Found`), not a list of people: each of the cyclic collector's passes walks every item of
        a list of objects, and a few lists of 90,000 people kept for the backspace made one of its full passes
        take 22–30 ms in the middle of a keystroke."""
        if not words:
            return self.everyone
        recent = self._searches
        found = recent.get(words)
        if found is None:
            keys: Sequence[str] = self._keys
            at: Sequence[int] = range(len(self._keys))
            todo = words
            for earlier, (its_keys, its_at) in recent.items():
                if all(any(old in new for new in words) for old in earlier) and len(its_keys) < len(keys):
                    keys, at, todo = its_keys, its_at, tuple(w for w in words if w not in earlier)
            for word in sorted(todo, key=len, reverse=True):  # the longest word narrows the most
                held = bytes(map(contains, keys, repeat(word)))
                if 0 in held:
                    keys, at = tuple(compress(keys, held)), array("I", compress(at, held))
            found = recent[words] = (keys, at)
            while len(recent) > RECENT_SEARCHES:
                del recent[next(iter(recent))]
        at = found[1]
        return self.everyone if isinstance(at, range) else Found(self.everyone, at)


class Found(Sequence[Attendee]):
    """The people a search found: positions in the list of everyone, read as the list of those people."""

    __slots__ = ("_at", "_everyone")

    def __init__(self, everyone: list[Attendee], at: Sequence[int]) -> None:
        self._everyone, self._at = everyone, at

    def __len__(self) -> int:
        return len(self._at)

    @overload
    def __getitem__(self, index: int) -> Attendee: ...

    @overload
    def __getitem__(self, index: slice) -> list[Attendee]: ...

    def __getitem__(self, index: int | slice) -> Attendee | list[Attendee]:
        if isinstance(index, slice):
            return list(map(self._everyone.__getitem__, self._at[index]))
        return self._everyone[self._at[index]]

    def __iter__(self) -> Iterator[Attendee]:
        return map(self._everyone.__getitem__, self._at)

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same people (a list included), as the list it stands for would be."""
        return isinstance(other, Sequence) and len(other) == len(self) and all(map(eq, self, other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Found({list(self)!r})"


#: How many people's search keys are folded together when a conference opens.
_FOLD_AT_ONCE = 5000


class _Keys:
    """A person's search key ("name unit title phone e-mail seat", folded) and how long its name part is; the unit
    and title part is folded once per distinct pair."""

    def __init__(self, unit_names: dict[int, str]) -> None:
        self.unit_names = unit_names
        self.places: dict[tuple[int | None, str], str] = {}

    def __call__(self, person: Attendee) -> tuple[str, int]:
        keys, lengths = self.many([person])
        return keys[0], lengths[0]

    def many(self, people: list[Attendee]) -> tuple[list[str], list[int]]:
        """The key and name length of each of ``people``, their names and contacts folded together."""
        names = fold_many([person.full_name for person in people])
        others = fold_many([f"{person.phone} {person.email} {person.seat}" for person in people])
        places, unit_names = self.places, self.unit_names
        keys = []
        for person, name, other in zip(people, names, others):
            place = places.get((person.unit_id, person.title))
            if place is None:
                place = places[person.unit_id, person.title] = fold(
                    f"{unit_names.get(person.unit_id or 0, '')} {person.title}")
            keys.append(f"{name} {place} {other}")
        return keys, list(map(len, names))
