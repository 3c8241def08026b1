"""A table kept as the snapshot's lines answers every read as the decoded table would, in the same order, whatever
the journal did to it since; lookups by bisection agree with a search through every line, in order or not."""

from __future__ import annotations

from typing import Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from tdkt_tui.domain import snapshots
from tdkt_tui.domain.journal import Op
from tdkt_tui.domain.snapshots import decode_snapshot, encode_snapshot, find_line, in_id_order, write_snapshot
from tdkt_tui.domain.store import _read_snapshot
from tdkt_tui.domain.tables import Table

META = {"schema": 1, "seq": 0, "generation": 1}
documents = st.fixed_dictionaries({"full_name": st.text("aăđ ", max_size=6)},
                                  optional={"seat": st.text("AB1", max_size=3), "n": st.integers(-3, 3)})
ids = st.integers(1, 60)
ops = st.lists(st.one_of(
    st.tuples(st.just("put"), ids, documents),
    st.tuples(st.just("patch"), ids, documents),
    st.tuples(st.just("delete"), ids, st.just(None)),
), max_size=20)


def line_table(docs: dict[str, dict[str, Any]]) -> Table:
    """The table as an opened snapshot holds it: lines, not decoded, beside another table."""
    raw = encode_snapshot({"people": docs, "other": {"1": {"x": 1}}}, META)
    _meta, tables = _read_snapshot(raw)
    assert not tables["people"].decoded
    return tables["people"]


@settings(max_examples=150, deadline=None)
@given(docs=st.dictionaries(ids.map(str), documents, max_size=40), changes=ops,
       chunk=st.integers(1, 400), big=st.sampled_from([1, 40, snapshots.BIG_PART]))
def test_a_line_table_reads_as_the_decoded_table_does(docs: dict[str, dict[str, Any]], changes: list[Any],
                                                      chunk: int, big: int) -> None:
    """Ids in any order (a dict of random keys), changes of every kind, chunks down to one line each; a fold
    writes the unchanged runs of lines joined to the rest or on their own (``big``)."""
    lines, decoded = line_table(docs), line_table(docs)
    for seq, (kind, doc_id, doc) in enumerate(changes, start=1):
        if kind == "patch" and lines.get(str(doc_id)) is None:
            continue  # a transaction patches only a document that exists
        for table in (lines, decoded):
            table.apply(Op(kind, "people", doc_id, doc), seq)
    expected = decoded.decode()
    assert list(lines.items()) == list(expected.items())  # the same documents in the same order
    assert [d for chunk_docs in lines.chunks(chunk) for d in chunk_docs.items()] == list(expected.items())
    for key in map(str, range(0, 62)):
        assert lines.get(key) == expected.get(key), key
    # what a fold writes of the lines and the changes: the same documents, the unchanged lines as they were
    written: list[bytes] = []
    with mock.patch.object(snapshots, "BIG_PART", big):
        write_snapshot(lambda data: written.append(bytes(data)), [("people", lines.view().parts())], META)
    folded = decode_snapshot(b"".join(written))["people"]
    assert folded == expected
    section = _read_snapshot(b"".join(written))[1]["people"]
    one_per_line = section.raw[section.start : section.end].split(b"\n") if folded else []
    assert len(one_per_line) == len(folded) and all(line.startswith(b'"') for line in one_per_line)
    assert [k for k in folded if k in docs] == [k for k in expected if k in docs]
    assert not lines.decoded


def test_a_fold_copies_no_unchanged_run_of_lines() -> None:
    """The unchanged lines go to the writer as views of the snapshot's bytes, not copies: copying 25 MB holds the
    interpreter, and a desk's check-in beside the fold waited for it (15–35 ms at 100,000 people)."""
    docs = {str(i): {"full_name": f"Người {i}", "seat": "A1"} for i in range(1, 5001)}
    lines = line_table(docs)
    lines.apply(Op("patch", "people", 2500, {"seat": "B2"}), 1)
    parts = list(lines.view().parts())
    runs = [part for part in parts if not isinstance(part, tuple)]
    assert len(runs) == 2 and all(isinstance(run, memoryview) and run.obj is lines.raw for run in runs)
    assert parts[1] == ("2500", {"full_name": "Người 2500", "seat": "B2"})
    pieces: list[bytes | memoryview] = []
    write_snapshot(pieces.append, [("people", lines.view().parts())], META)
    assert any(piece is run or (isinstance(piece, memoryview) and piece.obj is lines.raw) for piece in pieces
               for run in runs)
    assert decode_snapshot(b"".join(pieces))["people"] == {**docs, "2500": {"full_name": "Người 2500", "seat": "B2"}}


@settings(max_examples=200, deadline=None)
@given(keys=st.lists(st.integers(1, 10**6), unique=True, max_size=60), probe=st.integers(0, 10**6 + 1),
       ordered=st.booleans())
def test_a_line_is_found_by_bisection_as_by_a_full_search(keys: list[int], probe: int, ordered: bool) -> None:
    if ordered:
        keys.sort()
    table = line_table({str(k): {"full_name": f"n{k}"} for k in keys})
    raw, start, end = table.raw, table.start, table.end
    assert in_id_order(raw, start, end) == (keys == sorted(keys))
    for key in [*keys[:10], probe]:
        marker = f'"{key}":'.encode()
        by_search = next((line.removesuffix(b",") for line in raw[start:end].split(b"\n")
                          if line.startswith(marker)), None)
        assert find_line(raw, start, end, str(key)) == by_search
        if keys == sorted(keys):  # in order, a miss by bisection is the answer
            assert find_line(raw, start, end, str(key), ascending=True) == by_search


def test_a_lookup_at_100000_people_reads_a_few_lines() -> None:
    """In id order, finding one person of 100,000 costs about what finding the first one does."""
    import time

    table = line_table({str(k): {"full_name": f"Nguyễn Văn {k}"} for k in range(1, 100_001)})

    def cost(key: str) -> float:
        start = time.perf_counter()
        for _ in range(200):
            table._found = {}  # no shortcut: look it up each time
            assert table.get(key) is not None
        return time.perf_counter() - start

    assert cost("99999") < 20 * cost("1") + 0.005
