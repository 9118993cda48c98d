"""NCBI E-utilities through Bio.Entrez, made safe to run unattended.

Bio.Entrez builds the requests (parameters, POST for 200 or more ids) but its
transport is not enough for a long search: it retries 429 and 5xx without
waiting, ignores ``Retry-After``, sets no socket timeout, does not retry a body
cut off mid-read and rate-limits only the first attempt. :class:`EutilsClient`
installs its own transport as ``Bio.Entrez.urlopen`` for the duration of each
call and restores the previous one (so calls must not run in parallel threads).
Every attempt, retries included, goes through one process-wide
:class:`RateLimiter`, with backoff, a timeout and the base URL the caller chose
(``PRISMA_EUTILS_URL`` or ``base_url``: how tests reach a local fake server).
Bio.Entrez's own pause before each call (0.37 s, 0.1 s with a key) stays; it
overlaps the limiter's spacing (0.37 s, 0.11 s) rather than adding to it. Every response body is checked before it is
trusted: an HTML page, a JSON error, a truncated document or an ``<ERROR>``
inside an HTTP 200 is never taken for a result.

The API key is sent to NCBI and nowhere else: messages and errors built here
never contain request parameters, and :func:`redact` scrubs the key from any
text that might have come back from the network layer.
"""

from __future__ import annotations

import contextlib
import html
import http.client
import io
import os
import re
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
import xml.parsers.expat as expat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from email.message import Message
from typing import Any

from Bio import Entrez

from prisma.errors import ReviewError

NCBI_BASE_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
ENV_BASE_URL = "PRISMA_EUTILS_URL"
ENV_API_KEY = "NCBI_API_KEY"
ENV_EMAIL = "NCBI_EMAIL"

# NCBI's policy: 3 requests per second without an API key, 10 with one.
RATE_WITHOUT_KEY = 3.0
RATE_WITH_KEY = 10.0

# The root element each tool answers with when all is well.
EXPECTED_ROOT = {
    "esearch": "eSearchResult",
    "efetch": "PubmedArticleSet",
    "epost": "ePostResult",
    "einfo": "eInfoResult",
}

# `<ERROR>` texts that mean the history server forgot the WebEnv / query key.
_EXPIRED = re.compile(r"unable to obtain query|invalid query_key|webenv|query key", re.I)
# `<ERROR>` texts NCBI gives for passing trouble on its side: worth another try.
_TRANSIENT = re.compile(
    r"backend failed|temporar|unavailable|timeout|timed out|try again|internal|busy", re.I
)


class RateLimiter:
    """At most ``per_second`` requests per second, spaced evenly, for every caller.

    Requests are spaced by ``margin / per_second`` (10% slack: a burst of N+1
    spaced exactly 1/N s apart would put N+1 requests in one closed second on the
    server's clock). :meth:`hold` pushes every later request back, which is how a
    ``Retry-After`` from one call slows the whole process.
    """

    def __init__(
        self,
        per_second: float,
        *,
        margin: float = 1.1,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.per_second = per_second
        self.interval = margin / per_second
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Wait for this request's turn; return how long it waited."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + self.interval
        wait = start - now
        if wait > 0:
            self._sleep(wait)
        return wait

    def hold(self, seconds: float) -> None:
        """No request goes out for ``seconds`` from now (a 429's Retry-After, a backoff)."""
        with self._lock:
            self._next = max(self._next, self._clock() + seconds)


_SHARED: dict[float, RateLimiter] = {}
_SHARED_LOCK = threading.Lock()


def shared_limiter(has_key: bool) -> RateLimiter:
    """The process-wide limiter for keyed or unkeyed requests (NCBI counts them apart)."""
    rate = RATE_WITH_KEY if has_key else RATE_WITHOUT_KEY
    with _SHARED_LOCK:
        if rate not in _SHARED:
            _SHARED[rate] = RateLimiter(rate)
        return _SHARED[rate]


def redact(text: str, secret: str) -> str:
    return text.replace(secret, "***") if secret else text


class Transient(Exception):
    """A failure worth retrying: HTTP 429/5xx, a timeout, a cut-off or unreadable body."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class WebEnvExpired(Exception):
    """The history server no longer knows the WebEnv: run esearch again."""


@dataclass(frozen=True)
class Reply:
    """One accepted response: the body byte-exact, its parsed root element (not for
    efetch) and the citation PMIDs it holds (efetch), in order."""

    tool: str
    body: bytes
    root: ET.Element | None
    pmids: tuple[str, ...]
    method: str
    attempts: int


class _Body(io.BytesIO):
    """What the transport hands to Bio.Entrez: a fully read body with headers and url."""

    def __init__(self, body: bytes, headers: Message, url: str, status: int) -> None:
        super().__init__(body)
        self.headers = headers
        self.url = url
        self.status = status


@dataclass
class EutilsClient:
    """Calls E-utilities through Bio.Entrez with rate limiting, retries and checks.

    ``on_wait(seconds, why)`` is told about every backoff wait, so a progress bar
    can show it. ``limiter`` defaults to the process-wide one for this key.
    """

    email: str
    tool: str = "prisma-review"
    api_key: str = ""
    base_url: str = ""
    limiter: RateLimiter | None = None
    timeout: float = 60.0
    max_attempts: int = 6
    backoff: float = 1.0  # first wait after a failure without Retry-After; doubles
    max_wait: float = 300.0
    on_wait: Callable[[float, str], None] | None = None

    def __post_init__(self) -> None:
        self.base_url = self.base_url or os.environ.get(ENV_BASE_URL) or NCBI_BASE_URL
        if not self.base_url.endswith("/"):
            self.base_url += "/"
        if not self.base_url.startswith(("http://", "https://")):
            raise ReviewError(
                f"E-utilities address {self.base_url!r} is not an http(s) URL",
                kind="config",
                hint=f"set {ENV_BASE_URL} to e.g. http://127.0.0.1:8080/entrez/eutils/ "
                "or unset it to use NCBI",
            )
        if self.limiter is None:
            self.limiter = shared_limiter(bool(self.api_key))
        if not self.email:
            raise ReviewError(
                "no e-mail address for NCBI E-utilities",
                kind="config",
                hint=f'set email = "you@example.org" in the source\'s [[sources]] table '
                f"or the {ENV_EMAIL} environment variable (NCBI asks every client for one)",
            )
        if not self.tool or any(c.isspace() for c in self.tool):
            raise ReviewError(
                f"tool name {self.tool!r} must be one word without spaces",
                kind="config",
                hint="NCBI identifies clients by it",
            )

    # --- public calls ---------------------------------------------------------------

    def call(self, tool: str, **params: Any) -> Reply:
        """Run one E-utility and return its checked reply, retrying transient failures.

        Raises :class:`WebEnvExpired` when the history server forgot the WebEnv
        and :class:`ReviewError` for a permanent failure or when retries run out.
        """
        last = ""
        for attempt in range(1, self.max_attempts + 1):
            try:
                body, method = self._request(tool, params)
                return replace(check_body(tool, body), method=method, attempts=attempt)
            except Transient as exc:
                last = exc.reason
                if attempt == self.max_attempts:
                    break
                delay = exc.retry_after
                if delay is None:
                    delay = self.backoff * 2 ** (attempt - 1)
                delay = min(max(delay, 0.0), self.max_wait)
                assert self.limiter is not None
                self.limiter.hold(delay)
                if self.on_wait:
                    self.on_wait(delay, exc.reason)
        raise ReviewError(
            redact(f"NCBI {tool} failed {self.max_attempts} times; last: {last}", self.api_key),
            kind="network",
            hint="NCBI may be busy: run the search again later (it resumes where it stopped)",
        )

    # --- transport --------------------------------------------------------------------

    def _request(self, tool: str, params: dict[str, Any]) -> tuple[bytes, str]:
        function = getattr(Entrez, tool)
        arguments = dict(params)
        arguments.update(tool=self.tool, email=self.email, api_key=self.api_key or None)
        sent: list[str] = []

        def transport(request: urllib.request.Request) -> _Body:
            sent.append(request.get_method())
            return self._send(request)

        with self._installed(transport):
            handle = function(**arguments)
        raw = handle.buffer if isinstance(handle, io.TextIOWrapper) else handle
        return raw.getvalue(), sent[-1]

    @contextlib.contextmanager
    def _installed(self, transport: Callable[[urllib.request.Request], _Body]) -> Iterator[None]:
        # Bio.Entrez has no base-URL setting and no transport hook except the
        # module-level urlopen it calls; set it for this call only.
        previous = Entrez.urlopen
        Entrez.urlopen = transport  # type: ignore[assignment]  # Entrez calls it with a Request only
        try:
            yield
        finally:
            Entrez.urlopen = previous

    def _send(self, request: urllib.request.Request) -> _Body:
        url = request.full_url
        if url.startswith(NCBI_BASE_URL) and self.base_url != NCBI_BASE_URL:
            request.full_url = self.base_url + url[len(NCBI_BASE_URL) :]
        assert self.limiter is not None
        self.limiter.acquire()
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
                return _Body(body, response.headers, response.url, response.status)
        except urllib.error.HTTPError as exc:
            code = exc.code
            retry_after = _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
            with contextlib.suppress(Exception):
                exc.read()
            exc.close()
            if code == 429 or code >= 500:
                raise Transient(f"HTTP {code}", retry_after) from None
            raise ReviewError(
                redact(f"NCBI answered HTTP {code} ({exc.reason})", self.api_key),
                kind="network",
                hint="the request was refused; check the query and the API key",
            ) from None
        except TimeoutError:
            raise Transient(f"no answer within {self.timeout:g} s") from None
        except http.client.IncompleteRead as exc:
            raise Transient(f"body cut off after {len(exc.partial)} bytes") from None
        except (urllib.error.URLError, ConnectionError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", exc)
            raise Transient(redact(f"connection failed: {reason}", self.api_key)) from None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        # An HTTP date: rare from NCBI; fall back to our own backoff.
        return None


# Citation PMIDs: the DTDs make PMID the first child of MedlineCitation and of
# BookDocument, so this never picks a PMID from a reference or comment list.
_CITATION_PMID = re.compile(
    rb"<(?:MedlineCitation|BookDocument)\b[^>]*>\s*<PMID\b[^>]*>\s*(\d+)\s*</PMID>"
)
_ARTICLE = re.compile(rb"<Pubmed(?:Book)?Article[\s>]")
_ERROR = re.compile(rb"<ERROR>(.*?)</ERROR>", re.S)


def _root_tag(body: bytes) -> str:
    """The root element's name, after checking the whole body is well-formed XML.

    expat without per-element handlers: a truncated 10 MB efetch answer is caught
    without building a tree of it.
    """
    parser = expat.ParserCreate()
    found: list[str] = []

    def first(name: str, attrs: object) -> None:
        found.append(name)
        parser.StartElementHandler = None

    parser.StartElementHandler = first
    try:
        parser.Parse(body, True)
    except (expat.ExpatError, LookupError, ValueError) as exc:
        # LookupError / ValueError: an XML declaration naming an unknown encoding.
        raise Transient(f"unreadable or truncated XML ({exc})") from None
    return found[0] if found else ""


def check_body(tool: str, body: bytes) -> Reply:
    """A body that really is the answer ``tool`` gives, or an exception saying why not."""
    head = body.lstrip()[:512].lower()
    if not head:
        raise Transient("empty body")
    if head.startswith(b"<!doctype html") or head.startswith(b"<html") or b"<html" in head:
        raise Transient("an HTML page instead of XML")
    if head.startswith(b"{"):
        raise Transient("a JSON message instead of XML")
    root_tag = _root_tag(body)
    errors = [html.unescape(m.decode("utf-8", "replace")).strip() for m in _ERROR.findall(body)]
    if errors:
        text = "; ".join(errors)
        if "cannot be larger than" in text:
            raise ReviewError(
                f"NCBI {tool} refused a page past its 9,999-record cap: {text}",
                kind="network",
                hint="this is a bug in prisma-review; report it",
            )
        if _EXPIRED.search(text):
            raise WebEnvExpired(text)
        if _TRANSIENT.search(text):
            raise Transient(f"NCBI reported an error: {text}")
        raise ReviewError(
            f"NCBI {tool} reported an error: {text}",
            kind="network",
            hint="check the query and the source settings",
        )
    expected = EXPECTED_ROOT.get(tool)
    if expected and root_tag != expected:
        raise Transient(f"expected <{expected}>, got <{root_tag}>")
    if tool != "efetch":
        return Reply(tool, body, ET.fromstring(body), (), "", 0)
    # Large answers are not turned into trees here: only their PMIDs are needed.
    pmids = tuple(m.decode() for m in _CITATION_PMID.findall(body))
    if len(pmids) != len(_ARTICLE.findall(body)):
        raise Transient("an article without a citation PMID")
    return Reply(tool, body, None, pmids, "", 0)
