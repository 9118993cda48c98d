"""One reader for the tagged export formats, in the manner of rispy's ``BaseParser``.

Cochrane plain text, EndNote tagged (``.enw``), Ovid display text, Web of Science
plain text and the vertical Embase CSV all write a record as tagged values. Each
format only *describes* itself in a :class:`TaggedFormat` (its tag pattern, what
opens and closes a record, how a value continues on the next line); the loop that
turns lines into records, and the checks that the file is whole and one export,
live here once.

A record comes out as ``(tags, line)``: tag -> its values in file order (a repeated
tag or a list tag's continuation lines give several), and the 1-based line where
the record starts. The adapter maps that onto a Record.

Structural evidence, checked for every format the same way (see ``_structure``):
- a record that needs an end line (WoS ``ER``) and has none: the last record was cut
  (left out, with a warning), unless another format's records start inside it;
- no end line in the format: the tag every record ends with (fields come in a fixed
  order), so a last record ending early was cut (left out, with a warning);
- numbered record lines (``Record #N of M``, ``<N>``) that start again at a lower
  number, or change their total: two exports joined (refused);
- another format's record marker in text the loop would skip or fold into a value
  (refused).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from prisma.sources import _structure
from prisma.sources._text import warn

Tags = dict[str, list[str]]
Block = tuple[Tags, int]

# Line kinds, decided once per distinct line head and cached.
_TAG, _START, _END, _OUTSIDE, _OTHER = range(5)


@dataclass(frozen=True)
class TaggedFormat:
    family: str  # "wos", "cochrane", ...: names the format in messages and foreign checks
    tag: re.Pattern[str]  # a tag line's head; group 1 is the tag, the value follows the match
    head: int  # the first `head` characters decide a line's kind (0: the whole line)
    start: re.Pattern[str] | None = None  # a separator line that opens a record
    start_prefix: str = ""  # what every start line begins with (a cheap pre-test)
    numbered: bool = False  # start lines carry the record number (group "n", maybe "of")
    start_tags: frozenset[str] = frozenset()  # tags that open a record (others warn)
    end: str | None = None  # the line that closes a record ("ER")
    blank_ends: bool = False  # a blank line closes a record
    indent: str | None = None  # continuation lines start with this; None: any untagged line
    indent_value: int = 0  # where a continuation line's value starts (0: strip the line)
    list_tags: frozenset[str] = frozenset()  # continuation lines are further values
    label_only: bool = False  # tag lines carry no value; values follow on indented lines
    outside: frozenset[str] = frozenset()  # heads of lines that belong between records
    header: str = ""  # the head of the file's first line ("FN"): only before any record
    skip_before_first: bool = False  # lines before the first record are skipped
    expected: str = ""  # what a record line looks like, for messages
    not_this: str = ""  # the hint when a line does not fit
    _kinds: dict[str, tuple[int, str, int]] = field(default_factory=dict, compare=False)

    @property
    def name(self) -> str:
        return _structure.family_name(self.family)

    def kind(self, key: str) -> tuple[int, str, int]:
        """(kind, tag, value offset) of a line head; cached (a file has few heads)."""
        found = self._kinds.get(key)
        if found is None:
            found = self._classify(key)
            if found[0] != _START:  # "<1>", "<2>" ... would fill the cache
                self._kinds[key] = found
        return found

    def _classify(self, key: str) -> tuple[int, str, int]:
        bare = key.rstrip()
        if self.end is not None and bare == self.end:
            return _END, "", 0
        if bare in self.outside:
            return _OUTSIDE, bare, 0
        prefix = self.start_prefix
        if prefix and (key.startswith(prefix) or prefix.startswith(key)):
            return _START, "", 0
        match = self.tag.match(key)
        if match:
            if self.label_only:
                return _TAG, bare.strip(), -1
            return _TAG, match.group(1), match.end()
        return _OTHER, "", 0


class _Evidence:
    """What the records said about the file as a whole, checked as they come."""

    def __init__(self, fmt: TaggedFormat, path: Path, text: str | None) -> None:
        self.fmt = fmt
        self.path = path
        self.text = text
        self.ends: list[str] = []  # the last tag of each record
        self.yielded = 0
        self.number: int | None = None  # the last record number seen
        self.total: str | None = None

    def numbered(self, match: re.Match[str], line: int) -> None:
        """Numbers of start lines only rise and their total never changes."""
        number = int(match.group("n"))
        total = match.groupdict().get("of")
        if self.number is not None and number <= self.number:
            _structure.refuse(
                self.path,
                line,
                f"the record numbers start again ({match.group(0).strip()!r} after record "
                f"{self.number})",
                _structure.JOINED_HINT,
            )
        if total is not None and self.total is not None and total != self.total:
            _structure.refuse(
                self.path,
                line,
                f"the record total changes from {self.total} to {total} "
                f"({match.group(0).strip()!r})",
                _structure.JOINED_HINT,
            )
        self.number, self.total = number, total

    def cut(self, tags: Tags, start: int, why: str) -> None:
        """The last record is damaged: refuse if another format starts inside it (two
        files joined), or if it is the only record; else warn that it is left out."""
        if self.text is not None:
            offset = _structure.offset_of_line(self.text, start)
            _structure.check_region(self.text, self.fmt.family, self.path, offset)
        title = next((tags[k][0] for k in ("TI", "%T", "Title", "TITLE") if tags.get(k)), "")
        if not self.yielded:
            _structure.refuse(
                self.path,
                start,
                f"{_structure.describe(title, start)}, the only one, is cut short: {why}",
                _structure.CUT_HINT,
            )
        _structure.drop_last(self.path, start, title, why)

    def last_one(self, block: Block | None, line_ended: bool) -> Block | None:
        """The last record of a format without end lines, unless it was cut short.

        Evidence, strongest first: the tag every other record ends with; else, when the
        records do not agree on one, a file that stops in the middle of a line
        (exporters end every line, so only a cut leaves the last one open).
        """
        if block is None:
            return None
        usual = _structure.last_tag_cut(self.ends)
        if usual:
            self.cut(
                block[0],
                block[1],
                f"it ends at its {self.ends[-1]} field where every other record goes on to "
                f"{usual}, so the file was cut inside it",
            )
            return None
        agreed = len(self.ends) > 2 and len(set(self.ends)) == 1
        if not line_ended and not agreed:
            self.cut(
                block[0],
                block[1],
                "the file stops in the middle of its last line, so it was cut inside it",
            )
            return None
        return block

    def none_found(self) -> None:
        _structure.refuse(
            self.path,
            1,
            f"no {self.fmt.name} record found",
            f"expected {self.fmt.expected}" if self.fmt.expected else self.fmt.not_this,
        )


def read_lines(fmt: TaggedFormat, text: str, path: Path) -> Iterator[Block]:
    """Every record of a line-tagged file (Cochrane, EndNote tagged, Ovid, WoS)."""
    seen = _Evidence(fmt, path, text)
    kind_of = fmt.kind
    head = fmt.head
    indent = fmt.indent
    indent_value = fmt.indent_value
    list_tags = fmt.list_tags
    label_only = fmt.label_only
    start_tags = fmt.start_tags
    ends = seen.ends
    tags: Tags | None = None  # the open record; None between records
    start = 0
    last = ""  # the last tag of the open record
    current: list[str] = []  # its values
    pending: Block | None = None  # a closed record, yielded once another one follows
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip()
        if not line:
            if fmt.blank_ends and tags is not None:
                if pending is not None:
                    seen.yielded += 1
                    yield pending
                pending = (tags, start)
                ends.append(last)
                tags = None
            continue
        if indent is not None and line.startswith(indent):
            if tags is None or not last:
                if tags is None and fmt.skip_before_first and pending is None:
                    continue
                _structure.refuse(
                    path,
                    number,
                    f"a continuation line before any tag; expected {fmt.expected}",
                    fmt.not_this,
                )
            value = line[indent_value:].strip() if indent_value else line.strip()
            if last in list_tags or not current:
                current.append(value)
            else:
                current[-1] = f"{current[-1]} {value}"
            continue
        kind, tag, offset = kind_of(line[:head] if head else line)
        if kind == _TAG:
            if tags is None:
                if fmt.start is not None:  # a tag before the first record line
                    if fmt.skip_before_first:
                        continue
                    _refuse_line(fmt, path, text, number, line)
                if start_tags and tag not in start_tags:
                    # a record opening without its start tag: another format's?
                    _check_rest(fmt, path, text, number, line)
                    warn(
                        f"record at line {number} does not start with "
                        + "/".join(sorted(start_tags)),
                        path,
                        number,
                    )
                tags, start = {}, number
            last = tag
            if label_only:
                current = tags.setdefault(tag, [])
                continue
            value = line[offset:].strip()
            current = tags.get(tag)  # type: ignore[assignment]  # None only until the branch below sets it
            if current is None:
                current = tags[tag] = [value]
            else:
                current.append(value)
            continue
        if kind == _END:
            if tags is not None:
                ends.append(last)
                seen.yielded += 1
                yield tags, start
                tags = None
            continue  # a stray end line between records closes nothing
        if kind == _START:
            match = fmt.start.match(line) if fmt.start is not None else None
            if match:
                if fmt.numbered:
                    seen.numbered(match, number)
                if tags is not None:
                    if pending is not None:
                        seen.yielded += 1
                        yield pending
                    pending = (tags, start)
                    ends.append(last)
                tags, start, last, current = {}, number, "", []
                continue
            kind = _OTHER  # "Records were ..." wrapped onto a line of its own
        if kind == _OUTSIDE:
            if tag == fmt.header and tags is not None:
                _structure.refuse(
                    path,
                    number,
                    f"an export header ({line[:40]!r}) inside the record that starts at line "
                    f"{start}: that record has no {fmt.end} line and another export follows",
                    _structure.JOINED_HINT,
                )
            if tags is None:
                if tag == fmt.header and (seen.yielded or pending is not None):
                    _structure.refuse(
                        path,
                        number,
                        f"a second export header ({line[:40]!r}) after {seen.yielded} records",
                        _structure.JOINED_HINT,
                    )
                continue
            if fmt.end is not None:  # "EF" inside a record: it has no end line
                last = tag
                current = tags.setdefault(tag, [])
                current.append(line[len(tag) :].strip())
                continue
        # an untagged line: a continuation where the format allows one, else an error
        if indent is None and tags is not None and last:
            family = _structure.foreign_line(line, fmt.family)
            if family:
                _structure.refuse_foreign_line(path, number, line, family, fmt.family)
            current[-1] = f"{current[-1]} {line.strip()}"
            continue
        if tags is None and fmt.skip_before_first and pending is None and not seen.yielded:
            continue
        if tags is None and fmt.end is not None:
            # text between records: harmless unless another export starts in it
            _check_rest(fmt, path, text, number, line)
            continue
        _refuse_line(fmt, path, text, number, line)
    # end of file: the record still open, and the one it closed
    if fmt.end is not None:
        if tags is not None:
            seen.cut(tags, start, f"it has no {fmt.end} line, so the file was cut inside it")
        elif not seen.yielded:
            seen.none_found()
        return
    if tags is not None:
        if not tags:  # the file ends right after a record line
            if pending is not None:
                seen.yielded += 1
                yield pending
            seen.cut(tags, start, "the file ends right after its first line")
            return
        if pending is not None:
            seen.yielded += 1
            yield pending
        pending = (tags, start)
        ends.append(last)
    block = seen.last_one(pending, text.endswith("\n"))
    if block is not None:
        seen.yielded += 1
        yield block
    if not seen.yielded:
        seen.none_found()


def _check_rest(fmt: TaggedFormat, path: Path, text: str, number: int, line: str) -> None:
    family = _structure.foreign_line(line, fmt.family)
    if family:
        _structure.refuse_foreign_line(path, number, line, family, fmt.family)


def _refuse_line(fmt: TaggedFormat, path: Path, text: str, number: int, line: str) -> None:
    _check_rest(fmt, path, text, number, line)
    _structure.refuse(path, number, f"expected {fmt.expected}, found {line[:30]!r}", fmt.not_this)


def read_rows(
    fmt: TaggedFormat, rows: Iterable[tuple[int, list[str]]], path: Path, line_ended: bool
) -> Iterator[Block]:
    """Every record of a tagged table: one field per row as ``LABEL, value, value...``,
    blank rows between records (the vertical Embase CSV). ``rows`` are (line, cells);
    ``line_ended``: the file ends with a line end."""
    seen = _Evidence(fmt, path, None)
    tags: Tags | None = None
    start = 0
    last = ""
    pending: Block | None = None
    for line, row in rows:
        if not row or not any(cell.strip() for cell in row):
            if tags is not None:
                if pending is not None:
                    seen.yielded += 1
                    yield pending
                pending = (tags, start)
                seen.ends.append(last)
            tags = None
            continue
        if tags is None:
            tags, start = {}, line
        last = row[0].strip().upper()
        tags.setdefault(last, []).extend(v.strip() for v in row[1:] if v.strip())
    if tags is not None:
        if pending is not None:
            seen.yielded += 1
            yield pending
        pending = (tags, start)
        seen.ends.append(last)
    block = seen.last_one(pending, line_ended)
    if block is not None:
        seen.yielded += 1
        yield block
    if not seen.yielded:
        seen.none_found()
