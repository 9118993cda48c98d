"""Property: for any consistent record-level state, every PRISMA invariant holds."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from prisma.check import check_state
from prisma.config import SCREENING_STAGES, Config, Group, Reason, Source, StageSettings
from prisma.decisions.ledger import Decision, LedgerEntry, Role
from prisma.dedup import DedupResult
from prisma.flow import Box, compute_flow
from prisma.records import Record
from prisma.searchlog import SearchEntry
from prisma.state import Identified, ReviewState, assign_studies

SOURCES = (
    Source("scopus", label="Scopus"),
    Source("wos", label="Web of Science"),
    Source("refs", label="Reference lists", group=Group.OTHER),
)
REASONS = (Reason("a", "Reason A"), Reason("b", "Reason B"), Reason("c", "Reason C"))


@st.composite
def states(draw: st.DrawFn) -> ReviewState:
    n = draw(st.integers(1, 40))
    rounds = draw(st.integers(1, 3))
    identified = []
    for i in range(n):
        source = draw(st.sampled_from(SOURCES))
        round_ = draw(st.integers(1, rounds))
        identified.append(
            Identified(
                Record(id=f"{source.name}:{i:04d}", source=source.name, title=f"T{i}"),
                round_,
                f"2024-0{round_}-01",
                f"{source.name}-{round_}.ris",
            )
        )
    # Random clusters: each record joins the cluster of an earlier record or starts one.
    cluster_of: list[int] = []
    for i in range(n):
        cluster_of.append(draw(st.integers(0, i)) if i and draw(st.booleans()) else i)
    groups: dict[int, list[str]] = {}
    for i, c in enumerate(cluster_of):
        root = c
        while cluster_of[root] != root:
            root = cluster_of[root]
        groups.setdefault(root, []).append(identified[i].record.id)
    result = DedupResult(clusters=sorted(tuple(sorted(g)) for g in groups.values()))
    study_of, members = assign_studies(identified, result)
    required = draw(st.integers(1, 2))
    config = Config(
        "T",
        SOURCES,
        tuple(StageSettings(s, ("x", "y"), required, "z") for s in SCREENING_STAGES),
        REASONS,
    )
    ledger: list[LedgerEntry] = []

    def add(
        study: str,
        stage: str,
        decision: Decision,
        reason: str = "",
        screener: str = "x",
        role: Role = Role.SCREENER,
    ) -> None:
        ledger.append(
            LedgerEntry(
                "t",
                1,
                stage,
                draw(st.sampled_from(members[study])),
                decision,
                reason,
                screener,
                role,
                "f",
                "",
            )
        )

    for study in sorted(members):
        other = config.source(study.split(":")[0]).group is Group.OTHER
        if draw(st.integers(0, 9)) == 0:
            add(
                study,
                "identification",
                Decision.REMOVE,
                role=draw(st.sampled_from([Role.SCREENER, Role.AUTOMATION])),
            )
            continue
        if not other:
            ta = draw(st.sampled_from([None, Decision.INCLUDE, Decision.EXCLUDE, Decision.MAYBE]))
            if ta is None:
                continue
            for screener in ("x", "y")[: draw(st.integers(1, 2))]:
                add(study, "title_abstract", ta, screener=screener)
            if ta is Decision.EXCLUDE or draw(st.booleans()) and required == 2:
                continue
        ft = draw(
            st.sampled_from([None, Decision.INCLUDE, Decision.EXCLUDE, Decision.NOT_RETRIEVED])
        )
        if ft is None:
            continue
        reason = (
            ";".join(draw(st.lists(st.sampled_from("abc"), min_size=1, max_size=3, unique=True)))
            if ft is Decision.EXCLUDE
            else ""
        )
        add(study, "full_text", ft, reason, role=Role.ARBITER, screener="z")
    log = [
        SearchEntry(
            r,
            s.name,
            "",
            f"2024-0{r}-01",
            "",
            "",
            "",
            sum(1 for i in identified if i.file == f"{s.name}-{r}.ris"),
            f"{s.name}-{r}.ris",
            "",
            "",
        )
        for r in range(1, rounds + 1)
        for s in SOURCES
        if any(i.file == f"{s.name}-{r}.ris" for i in identified)
    ]
    state = ReviewState(config, log, identified, result, study_of, members, ledger)
    state.settle()
    return state


@settings(max_examples=150, deadline=None)
@given(states())
def test_invariants_hold_for_every_consistent_state(state: ReviewState) -> None:
    for round_ in state.rounds:
        flow = compute_flow(state, round_)
        report = check_state(state, flow)
        assert report.ok, [str(f) for f in report.errors]
        c = flow.counts()
        in_round = [i for i in state.identified if i.round == round_]
        assert sum(s.n for s in flow.sources) == len(in_round)
        # every record of the round is in exactly one row of the trace file
        traced = [r.record_id for r in flow.rows if r.column != "previous"]
        assert sorted(traced) == sorted(i.record.id for i in in_round)
        assert c.total_studies == c.previous_studies + c.new_studies
        assert c.dbr_assessed - c.dbr_excluded == len(flow.ids(Box.DBR_INCLUDED))


def test_module_has_no_file_access(tmp_path: Path) -> None:
    # flow and check are pure: they must not open files (docs/architecture.md: flow never reads files)
    import prisma.check
    import prisma.flow

    for module in (prisma.flow, prisma.check):
        source = Path(module.__file__).read_text()  # type: ignore[arg-type]
        assert "open(" not in source and "read_text" not in source
