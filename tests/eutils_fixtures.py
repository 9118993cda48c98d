"""Fixtures for tests that talk to the fake E-utilities server.

Test modules take them with ``fake = eutils_fixtures.fake`` (an assignment, so a
test's ``fake`` parameter does not shadow an import).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.conftest import shared_path
from tests.eutils_server import FakeEutils, FakePubMed

KEY = "SEKRET-api-key-0123456789"


@pytest.fixture(scope="session")
def pubmed_data() -> FakePubMed:
    return FakePubMed(shared_path("entrez"))


@pytest.fixture
def fake(pubmed_data: FakePubMed, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeEutils]:
    """A fresh server on 127.0.0.1; any connection elsewhere fails the test."""
    real_connect = socket.create_connection

    def local_only(address, *args, **kwargs):  # type: ignore[no-untyped-def]
        assert address[0] in ("127.0.0.1", "localhost"), f"test tried to reach {address}"
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", local_only)
    monkeypatch.delenv("NCBI_API_KEY", raising=False)
    monkeypatch.delenv("NCBI_EMAIL", raising=False)
    monkeypatch.delenv("PRISMA_EUTILS_URL", raising=False)
    server = FakeEutils(pubmed_data).start()
    yield server
    server.stop()
