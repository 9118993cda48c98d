"""The E-utilities client against the fake server: rate, retries, checks, secrecy."""

from __future__ import annotations

import hashlib
import time

import pytest
from Bio import Entrez

from prisma.errors import ReviewError
from prisma.sources.eutils import EutilsClient, RateLimiter, WebEnvExpired, shared_limiter
from tests import eutils_fixtures
from tests.eutils_fixtures import KEY
from tests.eutils_server import FakeEutils, max_in_window

pubmed_data, fake = eutils_fixtures.pubmed_data, eutils_fixtures.fake


def fast_client(fake: FakeEutils, **options: object) -> EutilsClient:
    settings: dict[str, object] = dict(
        email="reviewer@example.org",
        base_url=fake.url,
        limiter=RateLimiter(200),
        backoff=0.01,
        timeout=2.0,
        api_key=KEY,
    )
    settings.update(options)
    return EutilsClient(**settings)  # type: ignore[arg-type]


def test_rate_without_key_holds_three_per_second_including_retries(fake: FakeEutils) -> None:
    # Two clients share the process-wide limiter; retries go through it too.
    first = EutilsClient(email="a@example.org", base_url=fake.url, backoff=0.01)
    second = EutilsClient(email="b@example.org", base_url=fake.url, backoff=0.01)
    assert first.limiter is second.limiter is shared_limiter(False)
    fake.inject("500", "einfo", times=2)
    fake.inject("429", "einfo")
    for index in range(4):
        (first if index % 2 else second).call("einfo", db="pubmed")
    times = [r.t for r in fake.log]
    assert len(times) == 7
    assert max_in_window(times) <= 3


def test_rate_with_key_holds_ten_per_second(fake: FakeEutils) -> None:
    client = EutilsClient(email="a@example.org", base_url=fake.url, api_key=KEY, backoff=0.01)
    assert client.limiter is shared_limiter(True)
    fake.inject("503", "einfo", times=2)
    for _ in range(12):
        client.call("einfo")
    times = [r.t for r in fake.log]
    assert len(times) == 14
    assert max_in_window(times) <= 10
    assert all(r.params.get("api_key") == KEY for r in fake.log)


def test_retry_after_is_honoured(fake: FakeEutils) -> None:
    client = fast_client(fake)
    fake.inject("429", "esearch", retry_after="1")
    reply = client.call("esearch", db="pubmed", term="small[all]", retmax=5)
    assert reply.attempts == 2
    first, second = fake.log
    assert first.status == 429 and second.status == 200
    assert second.t - first.t >= 0.95


def test_429_without_retry_after_backs_off(fake: FakeEutils) -> None:
    client = fast_client(fake, backoff=0.3)
    fake.inject("429", "esearch")
    client.call("esearch", db="pubmed", term="small[all]", retmax=5)
    first, second = fake.log
    assert second.t - first.t >= 0.25


@pytest.mark.parametrize("kind", ["500", "502", "503", "cut", "cut_close", "html", "error"])
def test_transient_faults_are_retried_and_body_kept_byte_exact(fake: FakeEutils, kind: str) -> None:
    client = fast_client(fake)
    fake.inject(kind, "efetch")
    reply = client.call("efetch", db="pubmed", id="11748933,11700088", retmode="xml")
    assert reply.attempts == 2
    assert [r.fault for r in fake.log] == [kind, None]
    assert reply.pmids == ("11748933", "11700088")
    assert hashlib.sha256(reply.body).hexdigest() == fake.log[-1].sha256


def test_slow_reply_times_out_and_is_retried(fake: FakeEutils) -> None:
    client = fast_client(fake, timeout=0.3)
    fake.inject("slow", "einfo", delay=1.0)
    reply = client.call("einfo", db="pubmed")
    assert reply.attempts == 2
    assert reply.root.tag == "eInfoResult"


def test_expired_webenv_is_reported_not_taken_as_empty(fake: FakeEutils) -> None:
    client = fast_client(fake)
    search = client.call("esearch", db="pubmed", term="small[all]", usehistory="y", retmax=0)
    webenv = search.root.findtext("WebEnv")
    fake.expire_all()
    with pytest.raises(WebEnvExpired):
        client.call("efetch", db="pubmed", WebEnv=webenv, query_key=1, retstart=0, retmax=5)


def test_permanent_error_inside_200_fails_at_once(fake: FakeEutils) -> None:
    client = fast_client(fake)
    with pytest.raises(ReviewError, match="Invalid db name"):
        client.call("esearch", db="nothing", term="x")
    assert len(fake.log) == 1


def test_http_400_is_not_retried(fake: FakeEutils) -> None:
    client = fast_client(fake)
    fake.inject("400", "einfo")
    with pytest.raises(ReviewError, match="HTTP 400"):
        client.call("einfo")
    assert len(fake.log) == 1


def test_retries_run_out_into_a_review_error_without_the_key(fake: FakeEutils) -> None:
    client = fast_client(fake, max_attempts=3)
    fake.inject("503", "efetch", times=5)
    with pytest.raises(ReviewError) as caught:
        client.call("efetch", db="pubmed", id="9997", retmode="xml")
    assert len(fake.log) == 3
    assert "failed 3 times" in str(caught.value)
    assert KEY not in str(caught.value) and KEY not in repr(caught.value.__dict__)
    assert all(r.params["api_key"] == KEY for r in fake.log)


def test_tool_and_email_sent_and_post_from_200_ids(fake: FakeEutils) -> None:
    client = fast_client(fake)
    ids = fake.pubmed.synthetic[:200]
    post = client.call("efetch", db="pubmed", id=",".join(ids), retmode="xml")
    get = client.call("efetch", db="pubmed", id=",".join(ids[:50]), retmode="xml")
    assert (post.method, get.method) == ("POST", "GET")
    assert [r.method for r in fake.log] == ["POST", "GET"]
    for request in fake.log:
        assert request.params["tool"] == "prisma-review"
        assert request.params["email"] == "reviewer@example.org"
    assert post.pmids == tuple(ids) and get.pmids == tuple(ids[:50])


def test_entrez_urlopen_is_restored(fake: FakeEutils) -> None:
    before = Entrez.urlopen
    client = fast_client(fake, max_attempts=1)
    client.call("einfo")
    fake.inject("500", "einfo")
    with pytest.raises(ReviewError):
        client.call("einfo")
    assert Entrez.urlopen is before


def test_base_url_from_environment(fake: FakeEutils, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRISMA_EUTILS_URL", fake.url)
    client = EutilsClient(email="a@example.org", limiter=RateLimiter(100), api_key=KEY)
    assert client.call("einfo").root.tag == "eInfoResult"
    assert fake.log[0].endpoint == "einfo"


def test_missing_email_is_a_config_error() -> None:
    with pytest.raises(ReviewError, match="e-mail"):
        EutilsClient(email="")


def test_limiter_spacing_with_injected_clock() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(3, clock=lambda: now[0], sleep=sleep)
    for _ in range(4):
        limiter.acquire()
    limiter.hold(2.0)
    limiter.acquire()
    assert slept[:3] == pytest.approx([1.1 / 3] * 3)
    assert now[0] == pytest.approx(3 * 1.1 / 3 + 2.0)
    assert time.monotonic() > 0  # the default clock is monotonic, not the wall clock


def test_base_url_must_be_http() -> None:
    with pytest.raises(ReviewError, match="not an http"):
        EutilsClient(email="a@example.org", base_url="127.0.0.1:8080/eutils")


def test_epost_then_efetch_through_history(fake: FakeEutils) -> None:
    client = fast_client(fake)
    ids = fake.pubmed.synthetic[:250]
    posted = client.call("epost", db="pubmed", id=",".join(ids))
    assert posted.method == "POST" and posted.root is not None
    webenv, key = posted.root.findtext("WebEnv"), posted.root.findtext("QueryKey")
    page = client.call(
        "efetch", db="pubmed", WebEnv=webenv, query_key=key, retstart=200, retmax=50, retmode="xml"
    )
    assert page.pmids == tuple(ids[200:])
    with pytest.raises(ReviewError, match="Invalid db name specified: nothing"):
        client.call("epost", db="nothing", id="1")
