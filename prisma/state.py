"""The review-state model: every record each logged search returned, its study, the
settled decisions (pure data).

Everything the flow, the checks and the screening hand-out need is here; the
loader (:mod:`prisma.load`) assembles it from the workspace files, and the stages
after it never read files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from prisma.config import Config, Group, Stage
from prisma.decisions.companions import Links, resolve_links
from prisma.decisions.extraction import ExtractionEntry
from prisma.decisions.ledger import LedgerEntry
from prisma.decisions.settle import Settled, Status, settle_ledger
from prisma.dedup import DedupResult
from prisma.dedup.merge import merge_record
from prisma.records import Record
from prisma.searchlog import SearchEntry


@dataclass(frozen=True)
class Identified:
    """A record as one logged search returned it."""

    record: Record
    round: int
    date: str  # the date searched, YYYY-MM-DD
    file: str  # workspace-relative path of the raw file

    @property
    def order(self) -> tuple[str, str]:
        """Earliest-identified first: by search date, then id (docs/architecture.md, Identity)."""
        return (f"{self.round:04d}|{self.date}", self.record.id)


@dataclass
class ReviewState:
    config: Config
    log: list[SearchEntry]
    identified: list[Identified]
    dedup: DedupResult
    study_of: dict[str, str]  # record id -> study id
    members: dict[str, tuple[str, ...]]  # study id -> record ids, earliest first
    ledger: list[LedgerEntry]
    settled: dict[tuple[str, str], Settled] = field(default_factory=dict)  # (study, stage)
    unknown_decisions: list[LedgerEntry] = field(default_factory=list)
    links: Links = field(default_factory=Links)  # companion report -> its study
    extraction_ledger: list[ExtractionEntry] = field(default_factory=list)
    _index: dict[str, Identified] = field(default_factory=dict, repr=False)
    _groups: dict[str, Group] = field(default_factory=dict, repr=False)

    @property
    def rounds(self) -> list[int]:
        return sorted({i.round for i in self.identified})

    @property
    def latest_round(self) -> int:
        return max(self.rounds, default=1)

    def by_id(self) -> dict[str, Identified]:
        if len(self._index) != len(self.identified):
            self._index = {i.record.id: i for i in self.identified}
        return self._index

    def study_round(self, study_id: str) -> int:
        return self.by_id()[study_id].round

    def group_of(self, record_id: str) -> Group:
        source = self.by_id()[record_id].record.source
        if source not in self._groups:
            self._groups[source] = self.config.source(source).group
        return self._groups[source]

    def decision(self, study_id: str, stage: str) -> Settled:
        found = self.settled.get((study_id, stage))
        return found if found is not None else UNSETTLED

    def study_record(self, study_id: str) -> Record:
        """What the study shows (hand-outs, studies.csv): its members merged."""
        by_id = self.by_id()
        members = self.members[study_id]
        if len(members) == 1:
            return by_id[study_id].record
        order = {rid: by_id[rid].order for rid in members}
        return merge_record([by_id[rid].record for rid in members], order)[0]

    def check_title(self, study_id: str) -> str:
        """The title a hand-out's check code is built from: the study's first record's,
        else its first member's with one. A later member (or a better representative)
        never changes it, so a sheet handed out last quarter still imports."""
        by_id = self.by_id()
        for rid in self.members[study_id]:
            if by_id[rid].record.title:
                return by_id[rid].record.title
        return ""

    def settle(self) -> None:
        """Settle every (study, stage) the ledger names (after the studies or ledger changed)."""
        self.settled, self.unknown_decisions = settle_ledger(
            self.ledger, self.study_of, self.required
        )
        self.links = resolve_links(
            {
                study: settled.same_study_as
                for (study, stage), settled in self.settled.items()
                if stage == Stage.FULL_TEXT and settled.status is Status.SETTLED
            },
            self.study_of,
        )

    def required(self, stage: str) -> int:
        """How many screeners must agree at ``stage`` (an identification removal: one)."""
        return 1 if stage == Stage.IDENTIFICATION else self.config.stage(stage).required


UNSETTLED = Settled(status=Status.NONE)


def assign_studies(
    identified: list[Identified], result: DedupResult
) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Each study's id is its earliest-identified member's: (record id -> study, members)."""
    order = {i.record.id: i.order for i in identified}
    study_of: dict[str, str] = {}
    members: dict[str, tuple[str, ...]] = {}
    for cluster in result.clusters:
        ranked = tuple(sorted(cluster, key=lambda rid: order[rid]))
        members[ranked[0]] = ranked
        for rid in ranked:
            study_of[rid] = ranked[0]
    return study_of, members
