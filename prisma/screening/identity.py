"""Whose hand-out a file is: stage, role, name, round and review, in every row.

``screen export`` and ``screen conflicts`` write the identity into a ``handout``
column on every row (``title_abstract/screener/ann/2/RK7Q2M``) and fold it into each
row's check code, so Ann's and Ben's files differ in every row. ``screen import``
reads it back: a file handed to someone else, made for another stage or for another
review is refused with a message that says whose file it is. Editing the column is
caught by the check code; rows of two files pasted together by their differing cells.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from prisma.decisions.ledger import Role
from prisma.intake.rules import current_round
from prisma.state import ReviewState

COLUMN = "handout"
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
_STAGES = ("title_abstract", "full_text", "extraction")  # extraction: prisma/extraction/
_CELL = re.compile(
    r"^(?P<stage>[a-z_]+)/(?P<role>screener|arbiter)/(?P<name>.*)/(?P<round>\d+)/(?P<review>R[A-Z0-9]{5})$"
)


def review_code(title: str) -> str:
    """A short code for the review (from its title in config.toml), so a hand-out of
    another review is refused; it starts with R, never read as a number."""
    digest = hashlib.sha1(" ".join(title.casefold().split()).encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(5):
        number, index = divmod(number, len(_ALPHABET))
        chars.append(_ALPHABET[index])
    return "R" + "".join(chars)


@dataclass(frozen=True)
class Identity:
    stage: str
    role: Role  # SCREENER or ARBITER
    name: str  # "" when config.toml names nobody (the importer then needs --screener)
    round: int
    review: str  # review_code of the review's title

    @property
    def cell(self) -> str:
        return f"{self.stage}/{self.role.value}/{self.name}/{self.round}/{self.review}"

    def describe(self) -> str:
        """``ann's title_abstract hand-out (screener, round 2)``"""
        whose = f"{self.name}'s" if self.name else f"an unnamed {self.role.value}'s"
        kind = "conflicts file" if self.role is Role.ARBITER else "hand-out"
        return f"{whose} {self.stage} {kind} ({self.role.value}, round {self.round})"


def parse(cell: str) -> Identity | None:
    """The identity in a ``handout`` cell, or None when the cell is not one."""
    found = _CELL.match(cell.strip())
    if found is None or found["stage"] not in _STAGES:
        return None
    return Identity(
        found["stage"], Role(found["role"]), found["name"], int(found["round"]), found["review"]
    )


def review_round(state: ReviewState) -> int:
    """The search round decisions are made in now (the rule: intake.rules.current_round;
    every identified record's round is a logged one, or 1 for an unlogged file)."""
    return current_round(state.log)


def identity_for(state: ReviewState, stage: str, role: Role, name: str) -> Identity:
    return Identity(stage, role, name, review_round(state), review_code(state.config.title))
