"""A fake NCBI E-utilities server for the tests (stdlib http.server on 127.0.0.1).

It serves ``esearch.fcgi``, ``efetch.fcgi``, ``epost.fcgi`` and ``einfo.fcgi`` over
GET and POST, in NCBI's shapes: the DOCTYPE lines and article bodies are the real
recorded ones from ``../shared/data/entrez`` (byte-exact), and a synthetic PubMed
of 25,000 PMIDs is made by templating a real article with a new PMID, title, DOI
and publication date. Its rules are NCBI's: ``Count`` is the true total, at most
9,999 ids come back per query, ``retstart`` above 9,998 is refused, ``mindate`` /
``maxdate`` / ``datetype`` filter by date, history (WebEnv) sessions can expire.

Faults are injected on request (:meth:`FakeEutils.inject`): 429 with NCBI's JSON
body (with or without ``Retry-After``), 500/502/503, a body cut short (with a
Content-Length the body never reaches, or without one), an HTML page at 200,
``<ERROR>`` at 200, WebEnv expiry, slow replies, and a short IdList. Every request
is logged with its arrival time, method, parameters, status and the sha256 of the
body sent, for the tests to assert on.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import random
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests import eutils_render

CAP = 9999
RETSTART_ERROR = (
    "Search Backend failed: Exception:\n'retstart' cannot be larger than 9998. For PubMed, "
    "ESearch can only retrieve the first 9,999 records matching the query. To obtain more "
    "than 9,999 PubMed records, consider using EDirect that contains additional logic to "
    "batch PubMed search results automatically so that an arbitrary number can be retrieved. "
    "For details see https://www.ncbi.nlm.nih.gov/books/NBK25499/"
)
# Not in the recordings: the efetch error envelope as NCBI sends it (DTD efetch 20131226).
EFETCH_ERROR_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eFetchResult PUBLIC '
    b'"-//NLM//DTD efetch 20131226//EN" '
    b'"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20131226/efetch.dtd">\n'
)
# The grammar of that envelope, served at the DTD's path (NCBI's file is not recorded
# and Biopython does not ship one): a Bio.Entrez pointed at this server reads an efetch
# error offline as it reads NCBI's online, as a RuntimeError carrying the message.
EFETCH_DTD = (
    b"<!-- eFetchResult: the error envelope of efetch (stand-in grammar) -->\n"
    b"<!ELEMENT eFetchResult (ERROR+)>\n<!ELEMENT ERROR (#PCDATA)>\n"
)
RATE_JSON = '{"error":"API rate limit exceeded","api-key":"127.0.0.1","count":"5","limit":"3"}'
HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>NCBI - WWW Error 503</title></head><body>"
    b"<h1>Service unavailable</h1><p>The server is temporarily unable to service your "
    b"request. Please try again later.</p></body></html>\n"
)
SYNTHETIC_TEMPLATE_PMID = b"11700088"  # pubmed2.xml's second article
_CRDT_LIMIT = re.compile(r"\((.*)\) AND \((\d{4}/\d\d/\d\d):(\d{4}/\d\d/\d\d)\[crdt\]\)")


def _header(data: bytes) -> bytes:
    """The XML declaration and DOCTYPE of a recorded file, byte-exact, with the newline
    after the DOCTYPE only when the recording has one (epost1.xml has none)."""
    end = re.search(rb"<!DOCTYPE[^>]*>\n?", data).end()
    return data[:end]


@dataclass
class Article:
    pmid: str
    pdat: date
    edat: date
    crdt: date
    header: bytes  # the DOCTYPE its recording came with
    body: bytes = b""  # filled lazily for synthetic articles


class FakePubMed:
    """The data: real recorded articles plus a synthetic PubMed with dates."""

    def __init__(
        self, entrez_dir: Path, synthetic: int = 25_000, seed: int = 20261124, lump_every: int = 20
    ) -> None:
        self.dir = entrez_dir
        self.articles: dict[str, Article] = {}
        self.esearch_header = _header((entrez_dir / "esearch2.xml").read_bytes())
        self.epost_header = _header((entrez_dir / "epost1.xml").read_bytes())
        self.real: list[str] = []
        template = b""
        pubmed_header = b""
        for name in ("pubmed1.xml", "pubmed2.xml", "pubmed4.xml", "pubmed7.xml"):
            data = (entrez_dir / name).read_bytes()
            header = _header(data)
            for match in re.finditer(rb"<PubmedArticle>.*?</PubmedArticle>", data, re.S):
                block = match.group(0)
                pmid = re.search(rb"<PMID[^>]*>(\d+)</PMID>", block).group(1).decode()
                year = re.search(rb"<PubDate>\s*<Year>(\d{4})", block)
                day = date(int(year.group(1)) if year else 2000, 1, 1)
                self.articles[pmid] = Article(pmid, day, day, day, header, block)
                self.real.append(pmid)
                if pmid == SYNTHETIC_TEMPLATE_PMID.decode():
                    template, pubmed_header = block, header
        self.template = template
        self.synthetic_header = pubmed_header
        rng = random.Random(seed)
        self.synthetic: list[str] = []
        start, span = date(1995, 1, 1), (date(2025, 12, 31) - date(1995, 1, 1)).days
        pmid = 30_000_000
        for index in range(synthetic):
            pmid += 1 + rng.randrange(3)
            roll = rng.random()
            if index % lump_every == 0:
                pdat = date(2020, 1, 1)  # a lump: partial dates sit on 1 January
            elif roll < 0.15:
                pdat = date(1995 + rng.randrange(31), 1, 1)
            elif roll < 0.25:
                pdat = date(1995 + rng.randrange(31), 1 + rng.randrange(12), 1)
            else:
                pdat = start + timedelta(days=rng.randrange(span + 1))
            crdt = pdat + timedelta(days=rng.randrange(90))
            if rng.random() < 0.03:
                crdt = pdat + timedelta(days=400 + rng.randrange(600))  # a late addition
            edat = crdt if (crdt - pdat).days <= 365 else pdat  # NCBI's EDAT rule
            key = str(pmid)
            self.articles[key] = Article(key, pdat, edat, crdt, pubmed_header)
            self.synthetic.append(key)
        self.queries: dict[str, list[str]] = {
            "synthetic[all]": list(self.synthetic),
            "small[all]": self.synthetic[::50][:450],
            "bench[all]": self.synthetic[:9000],
            "empty[all]": [],
            "real[all]": list(self.real),
        }

    def body(self, pmid: str) -> bytes:
        article = self.articles[pmid]
        if not article.body:
            key = pmid.encode()
            block = self.template.replace(SYNTHETIC_TEMPLATE_PMID, key)
            block = re.sub(
                rb"<ArticleTitle>.*?</ArticleTitle>",
                b"<ArticleTitle>Synthetic record " + key + b": digital twins from <i>imaging</i>."
                b"</ArticleTitle>",
                block,
                count=1,
                flags=re.S,
            )
            block = block.replace(b"10.1006/jmre.2001.2429", b"10.5555/synth." + key)
            block = block.replace(
                b"<PubDate><Year>2001</Year><Month>Nov</Month></PubDate>",
                b"<PubDate><Year>%d</Year><Month>%s</Month></PubDate>"
                % (article.pdat.year, calendar.month_abbr[article.pdat.month].encode()),
            )
            article.body = block
        return article.body

    def matches(self, term: str) -> list[str] | None:
        """The query's PMIDs, newest first; a ``(q) AND (a:b[crdt])`` limit is applied."""
        limit = _CRDT_LIMIT.fullmatch(term.strip())
        if limit:
            term = limit.group(1)
        ids = self.queries.get(term.strip())
        if ids is None:
            return None
        if limit:
            lo = _parse_date(limit.group(2), end=False)
            hi = _parse_date(limit.group(3), end=True)
            ids = [i for i in ids if lo <= self.articles[i].crdt <= hi]
        return sorted(ids, key=int, reverse=True)


@dataclass
class Fault:
    kind: str  # "429", "500", "502", "503", "cut", "cut_close", "html", "error",
    #            "expire", "slow", "short_ids", "400"
    endpoint: str | None = None  # "esearch", "efetch", ...; None: any
    times: int = 1
    skip: int = 0  # let this many matching requests through first
    retry_after: str | None = None
    delay: float = 0.0


@dataclass
class Logged:
    t: float  # time.monotonic() when the request arrived
    method: str
    endpoint: str
    params: dict[str, str]
    status: int = 0
    fault: str | None = None
    sha256: str = ""  # of the body sent in full (empty when cut or an error)


@dataclass
class _Session:
    queries: dict[int, list[str]] = field(default_factory=dict)
    expired: bool = False


def _parse_date(text: str, end: bool) -> date:
    parts = [int(p) for p in text.replace("-", "/").split("/") if p]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else (12 if end else 1)
    if len(parts) > 2:
        return date(year, month, parts[2])
    return date(year, month, calendar.monthrange(year, month)[1] if end else 1)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hung up early (a timeout test) is not news


class FakeEutils:
    def __init__(self, pubmed: FakePubMed) -> None:
        self.pubmed = pubmed
        self.log: list[Logged] = []
        self.faults: list[Fault] = []
        self.sessions: dict[str, _Session] = {}
        self._lock = threading.Lock()
        self._counter = 0
        handler = type("Handler", (_Handler,), {"fake": self})
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/entrez/eutils/"

    def start(self) -> FakeEutils:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def inject(self, kind: str, endpoint: str | None = None, **options: object) -> None:
        with self._lock:
            self.faults.append(Fault(kind, endpoint, **options))  # type: ignore[arg-type]

    def reset(self) -> None:
        with self._lock:
            self.log.clear()
            self.faults.clear()

    def requests(self, endpoint: str | None = None) -> list[Logged]:
        return [r for r in self.log if endpoint is None or r.endpoint == endpoint]

    def expire_all(self) -> None:
        with self._lock:
            for session in self.sessions.values():
                session.expired = True

    # --- request handling --------------------------------------------------------------

    def _take_fault(self, endpoint: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.endpoint not in (None, endpoint):
                    continue
                if fault.skip > 0:
                    fault.skip -= 1
                    continue
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    def _new_webenv(self) -> str:
        with self._lock:
            self._counter += 1
            webenv = f"MCID_fake{self._counter:08d}"
            self.sessions[webenv] = _Session()
            return webenv

    def esearch(self, params: dict[str, str], fault: Fault | None) -> bytes:
        if params.get("db", "pubmed") != "pubmed":
            return self._error_xml("esearch", f"Invalid db name specified: {params['db']}")
        term = params.get("term", "")
        ids = self.pubmed.matches(term)
        if ids is None:
            return (
                self.pubmed.esearch_header
                + (
                    "<eSearchResult><Count>0</Count><RetMax>0</RetMax><RetStart>0</RetStart>"
                    f"<IdList/><TranslationSet/><QueryTranslation>({term}[All Fields])"
                    f"</QueryTranslation><ErrorList><PhraseNotFound>{term}</PhraseNotFound>"
                    "</ErrorList><WarningList><OutputMessage>No items found.</OutputMessage>"
                    "</WarningList></eSearchResult>\n"
                ).encode()
            )
        translation = term
        if params.get("mindate") and params.get("maxdate"):
            lo = _parse_date(params["mindate"], end=False)
            hi = _parse_date(params["maxdate"], end=True)
            datetype = params.get("datetype", "pdat").lower()
            attribute = {"pdat": "pdat", "edat": "edat", "crdt": "crdt", "mdat": "crdt"}[datetype]
            ids = [i for i in ids if lo <= getattr(self.pubmed.articles[i], attribute) <= hi]
            translation += f" AND {params['mindate']}:{params['maxdate']}[{datetype}]"
        retstart = int(params.get("retstart", 0))
        retmax = int(params.get("retmax", 20))
        if retstart > CAP - 1:
            return self._error_xml("esearch", RETSTART_ERROR)
        warning = ""
        if retstart + retmax > CAP:
            retmax = CAP - retstart
            warning = (
                f"<WarningList><OutputMessage>Restrictions achieved. start and count "
                f"adjusted to {retstart}, {retmax}</OutputMessage></WarningList>"
            )
        page = ids[retstart : retstart + retmax]
        if fault and fault.kind == "short_ids" and page:
            page = page[:-1]
        history = ""
        if params.get("usehistory", "").lower() == "y":
            webenv = params.get("webenv") or self._new_webenv()
            session = self.sessions.setdefault(webenv, _Session())
            key = len(session.queries) + 1
            session.queries[key] = ids
            history = f"<QueryKey>{key}</QueryKey><WebEnv>{webenv}</WebEnv>"
        if params.get("retmode", "").lower() == "json":
            result: dict[str, object] = {
                "count": str(len(ids)),
                "retmax": str(len(page)),
                "retstart": str(retstart),
            }
            if history:
                result["querykey"] = str(key)
                result["webenv"] = webenv
            result["idlist"] = page
            result["translationset"] = []
            result["querytranslation"] = translation
            if warning:
                result["warninglist"] = {
                    "phrasesignored": [],
                    "quotedphrasesnotfound": [],
                    "outputmessages": [re.sub(r"<[^>]+>", "", warning)],
                }
            return eutils_render.esearch_json(result)
        id_list = "".join(f"<Id>{i}</Id>\n" for i in page)
        return (
            self.pubmed.esearch_header
            + (
                f"<eSearchResult><Count>{len(ids)}</Count><RetMax>{len(page)}</RetMax>"
                f"<RetStart>{retstart}</RetStart>{history}<IdList>\n{id_list}</IdList>"
                f"<TranslationSet/><QueryTranslation>{translation}</QueryTranslation>{warning}"
                "</eSearchResult>\n"
            ).encode()
        )

    def _requested(self, params: dict[str, str], tool: str, *, capped: bool) -> list[str] | bytes:
        """The held PMIDs an efetch/esummary asks for (by id list or history), or the
        error document NCBI answers with. Only efetch enforces the retstart cap."""
        if "id" in params:
            ids = [i.strip() for i in params["id"].split(",") if i.strip()]
        elif "webenv" in params:
            session = self.sessions.get(params["webenv"])
            key = int(params.get("query_key", 1))
            if session is None or session.expired or key not in session.queries:
                return self._error_xml(tool, f"Unable to obtain query #{key}")
            retstart = int(params.get("retstart", 0))
            retmax = int(params.get("retmax", 20))
            if capped:
                if retstart > CAP - 1:
                    return self._error_xml(tool, RETSTART_ERROR)
                retmax = min(retmax, CAP - retstart)
            ids = session.queries[key][retstart : retstart + retmax]
        else:
            return self._error_xml(tool, "Empty id list - nothing todo")
        found = [i for i in ids if i in self.pubmed.articles]
        if not found:
            return self._error_xml(tool, "Empty result - nothing todo")
        return found

    def efetch(self, params: dict[str, str]) -> bytes:
        if params.get("db", "pubmed") != "pubmed":
            return self._error_xml("efetch", f"Invalid db name specified: {params['db']}")
        found = self._requested(params, "efetch", capped=True)
        if isinstance(found, bytes):
            return found
        if params.get("rettype", "").lower() == "medline":
            # MEDLINE text: records separated by a blank line, one before the first
            texts = (eutils_render.medline_text(self.pubmed.body(i)) for i in found)
            return b"".join(b"\n" + text.encode() for text in texts)
        header = self.pubmed.articles[found[0]].header
        bodies = b"".join(self.pubmed.body(i) for i in found)
        return header + b"<PubmedArticleSet>\n" + bodies + b"</PubmedArticleSet>"

    def esummary(self, params: dict[str, str]) -> bytes:
        if params.get("db", "pubmed") != "pubmed":
            return self._error_xml("esummary", f"Invalid db name specified: {params['db']}")
        found = self._requested(params, "esummary", capped=False)
        if isinstance(found, bytes):
            return found
        sums = "\n".join(eutils_render.docsum(self.pubmed.body(i)) for i in found)
        return (
            eutils_render.ESUMMARY_HEAD + f"<eSummaryResult>\n{sums}\n</eSummaryResult>\n".encode()
        )

    def epost(self, params: dict[str, str]) -> bytes:
        ids = [i.strip() for i in params.get("id", "").split(",") if i.strip()]
        if params.get("db") != "pubmed":
            return (
                self.pubmed.epost_header
                + (
                    f"<ePostResult>\n\t<ERROR>Invalid db name specified: {params.get('db', '')}"
                    "</ERROR>\n</ePostResult>\n"
                ).encode()
            )
        if not ids:
            return self.pubmed.epost_header + (
                b"<ePostResult>\n\t<ERROR>Empty ID list; Nothing to store</ERROR></ePostResult>\n"
            )
        webenv = params.get("webenv") or self._new_webenv()
        session = self.sessions.setdefault(webenv, _Session())
        key = len(session.queries) + 1
        session.queries[key] = ids
        return (
            self.pubmed.epost_header
            + (
                f"<ePostResult>\n\t<QueryKey>{key}</QueryKey>\n\t<WebEnv>{webenv}</WebEnv>\n"
                "</ePostResult>\n"
            ).encode()
        )

    def einfo(self, params: dict[str, str]) -> bytes:
        name = "einfo2.xml" if params.get("db") == "pubmed" else "einfo1.xml"
        return (self.pubmed.dir / name).read_bytes()

    def _error_xml(self, endpoint: str, message: str) -> bytes:
        message = message.replace("&", "&amp;").replace("<", "&lt;")
        if endpoint == "esearch":
            return (
                self.pubmed.esearch_header
                + (f"<eSearchResult><ERROR>{message}</ERROR></eSearchResult>\n").encode()
            )
        if endpoint == "esummary":
            return (
                eutils_render.ESUMMARY_HEAD
                + (f"<eSummaryResult>\n<ERROR>{message}</ERROR>\n</eSummaryResult>\n").encode()
            )
        return (
            EFETCH_ERROR_HEAD
            + (f"<eFetchResult>\n\t<ERROR>{message}</ERROR>\n</eFetchResult>\n").encode()
        )


class _Handler(BaseHTTPRequestHandler):
    fake: FakeEutils
    server_version = "Finatra"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # the fake keeps its own log

    def do_GET(self) -> None:  # noqa: N802
        self._handle("GET", b"")

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        self._handle("POST", self.rfile.read(length))

    def _handle(self, method: str, payload: bytes) -> None:
        fake = self.fake
        arrived = time.monotonic()
        parts = urllib.parse.urlsplit(self.path)
        endpoint = parts.path.rsplit("/", 1)[-1].removesuffix(".fcgi")
        query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        query += urllib.parse.parse_qsl(payload.decode("utf-8"), keep_blank_values=True)
        entry = Logged(arrived, method, endpoint, dict(query))
        # NCBI accepts parameter names in any case (Biopython's tutorial writes webenv=)
        params = {name.lower(): value for name, value in query}
        with fake._lock:
            fake.log.append(entry)
        if parts.path.endswith("/dtd/20131226/efetch.dtd"):
            return self._send(entry, 200, EFETCH_DTD, {"Content-Type": "text/plain"}, "3")
        fault = fake._take_fault(endpoint)
        entry.fault = fault.kind if fault else None
        limit = "10" if params.get("api_key") else "3"
        text = params.get("rettype", "").lower() == "medline" and endpoint == "efetch"
        json_mode = params.get("retmode", "").lower() == "json" and endpoint == "esearch"
        if fault and fault.kind == "slow":
            time.sleep(fault.delay)
        if fault and fault.kind == "expire":
            fake.expire_all()
        if fault and fault.kind in ("429", "400", "500", "502", "503"):
            status = int(fault.kind)
            body = RATE_JSON.encode() if status == 429 else HTML_PAGE
            headers = {"Content-Type": "application/json" if status == 429 else "text/html"}
            if fault.retry_after is not None:
                headers["Retry-After"] = fault.retry_after
            return self._send(entry, status, body, headers, limit)
        if fault and fault.kind == "html":
            return self._send(entry, 200, HTML_PAGE, {"Content-Type": "text/html"}, limit)
        if fault and fault.kind == "error":
            body = fake._error_xml(endpoint, "Search Backend failed: Database is not available")
            return self._send(entry, 200, body, {}, limit)
        handlers = {
            "esearch": lambda: fake.esearch(params, fault),
            "efetch": lambda: fake.efetch(params),
            "epost": lambda: fake.epost(params),
            "einfo": lambda: fake.einfo(params),
            "esummary": lambda: fake.esummary(params),
        }
        if endpoint not in handlers:
            return self._send(entry, 404, HTML_PAGE, {"Content-Type": "text/html"}, limit)
        body = handlers[endpoint]()
        if fault and fault.kind in ("cut", "cut_close"):
            entry.status = 200
            self.send_response(200)
            self.send_header("Content-Type", "text/xml; charset=UTF-8")
            if fault.kind == "cut":
                self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return None
        kind = "text/plain" if text else "application/json" if json_mode else ""
        return self._send(entry, 200, body, {"Content-Type": kind} if kind else {}, limit)

    def _send(
        self, entry: Logged, status: int, body: bytes, headers: dict[str, str], limit: str
    ) -> None:
        entry.status = status
        if status == 200:
            entry.sha256 = hashlib.sha256(body).hexdigest()
        self.send_response(status)
        headers.setdefault("Content-Type", "text/xml; charset=UTF-8")
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("X-RateLimit-Limit", limit)
        self.send_header("X-RateLimit-Remaining", "1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def max_in_window(times: list[float], window: float = 1.0) -> int:
    """The most requests that arrived within any ``window`` seconds (closed interval)."""
    times = sorted(times)
    best, lo = 0, 0
    for hi, t in enumerate(times):
        while t - times[lo] > window:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


def as_json(log: list[Logged]) -> str:
    """The request log as JSON, for a failing test's message."""
    return json.dumps(
        [
            {"t": round(r.t, 3), "m": r.method, "e": r.endpoint, "s": r.status, "f": r.fault}
            for r in log
        ]
    )
