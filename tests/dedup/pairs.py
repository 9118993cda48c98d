"""How the dedup tests put two records before the rules: keys, scores, the verdict."""

from __future__ import annotations

from prisma.dedup.compare import compare_one
from prisma.dedup.normalise import record_keys
from prisma.dedup.rules import Pair, Verdict, classify
from prisma.records import Record


def pair(a: Record, b: Record, mode: str = "separate") -> Pair:
    ka, kb = record_keys(a), record_keys(b)
    return Pair(ka, kb, compare_one(ka, kb), mode)


def verdict(a: Record, b: Record) -> tuple[Verdict, str]:
    """The verdict and the name of the rule that gave it."""
    return classify(pair(a, b))
