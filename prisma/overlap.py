"""Overlap between the files of one source: records a later export holds again.

An export downloaded twice, or a second export of an overlapping search, brings
records the review already holds from an earlier file of the same source. Dedup
removes them as duplicates, but the source's count on the diagram grows by them and
nobody is told. A record is held already when an earlier file of the same source has
a record with the same native id (PMID, EID, UT, ...), or, when it has none, the same
content hash (title, year, first author).

Pure: files in, overlaps out. ``import`` asks about the file it is about to log,
``check``, ``status`` and the diagram's source notes about every logged file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from prisma.records import Record, content_hash
from prisma.state import ReviewState


@dataclass(frozen=True)
class FileRecords:
    source: str
    file: str  # workspace-relative
    round: int
    records: Sequence[Record]


@dataclass(frozen=True)
class Overlap:
    source: str
    file: str
    round: int
    records: int  # records in the file
    held: tuple[str, ...]  # ids of its records an earlier file of the source holds
    earlier: tuple[str, ...]  # the earlier files that hold them

    @property
    def whole(self) -> bool:
        return self.records > 0 and len(self.held) == self.records

    def describe(self) -> str:
        files = ", ".join(self.earlier)
        if self.whole:
            return (
                f"every one of the {self.records} records of {self.file} is already held from "
                f"{files} (source {self.source})"
            )
        return (
            f"{len(self.held)} of the {self.records} records of {self.file} are already held "
            f"from {files} (source {self.source}): an overlapping re-export"
        )


def _keys(record: Record) -> tuple[str, str]:
    native = record.native_id or record.pmid
    title_key = content_hash(record.title, record.year, record.authors[0] if record.authors else "")
    return native, title_key


def overlap_of(new: FileRecords, earlier: Iterable[FileRecords]) -> Overlap:
    """How much of ``new`` the earlier files of its source hold."""
    by_native: dict[str, str] = {}
    by_content: dict[str, str] = {}
    for old in earlier:
        if old.source != new.source or old.file == new.file:
            continue
        for record in old.records:
            native, content = _keys(record)
            if native:
                by_native.setdefault(native, old.file)
            else:
                by_content.setdefault(content, old.file)
    held: list[str] = []
    files: dict[str, None] = {}
    for record in new.records:
        native, content = _keys(record)
        where = by_native.get(native) if native else by_content.get(content)
        if where is None and native:
            where = by_content.get(content)
        if where is not None:
            held.append(record.id)
            files[where] = None
    return Overlap(new.source, new.file, new.round, len(new.records), tuple(held), tuple(files))


def overlaps(files: Sequence[FileRecords]) -> list[Overlap]:
    """Every file (in log order) against the files of its source logged before it;
    only those that overlap."""
    found = []
    for index, current in enumerate(files):
        result = overlap_of(current, files[:index])
        if result.held:
            found.append(result)
    return found


def round_overlaps(state: ReviewState) -> list[Overlap]:
    """Files that hold again records an earlier file of the same source and round holds:
    counted twice on that round's diagram (dedup then removes them as duplicates).

    A later round overlapping an earlier one is a rerun and expected; ``import`` reports
    that overlap when the file comes in.
    """
    grouped: dict[str, list[Record]] = {}
    where: dict[str, tuple[str, int]] = {}
    for item in state.identified:
        grouped.setdefault(item.file, []).append(item.record)
        where.setdefault(item.file, (item.record.source, item.round))
    files = [FileRecords(where[f][0], f, where[f][1], records) for f, records in grouped.items()]
    pairs = [(f.source, f.round) for f in files]
    if len(set(pairs)) == len(pairs):
        return []  # one file per source and round: nothing to compare (the usual case)
    found = []
    for index, current in enumerate(files):
        same = [f for f in files[:index] if f.round == current.round]
        result = overlap_of(current, same)
        if result.held:
            found.append(result)
    return found
