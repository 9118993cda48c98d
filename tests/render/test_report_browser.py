"""build/report.html in a real browser (Debian's Chromium, driven by Selenium).

Over the worked example: each count on the diagram, clicked, lists exactly the ids
flow_records.csv gives its box; a record is found by its id; a study's history shows
its records, merges and decisions; keyboard users reach the lists; the page logs no
error and asks the network for nothing but itself. Over a workspace whose titles are
written to break a page: they stay text. One browser serves the whole module.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from prisma.check import check_state
from prisma.flow import compute_flow
from prisma.load import load_state
from prisma.render.outputs import write_report
from prisma.render.report import report_html
from prisma.render.tables import flow_records_csv
from prisma.workspace import Workspace, atomic_write
from tests import browser
from tests.companion_workspace import companion_workspace
from tests.render.test_report import expected_lists, groups_of
from tests.report_workspace import HOSTILE_AUTHOR, HOSTILE_REVIEW, make_report_workspace

ROOT = Path(__file__).resolve().parents[2]

if reason := browser.why_not():
    if os.environ.get("PRISMA_REQUIRE_BROWSER"):  # `make test-browser`: absent is a failure
        pytest.fail(f"browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}", allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    d = browser.start(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield d
    finally:
        d.quit()


@pytest.fixture(scope="module")
def worked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not (ROOT / "records" / "searches.csv").exists():
        pytest.skip("the worked example's records/ are absent")
    out = tmp_path_factory.mktemp("worked-build")
    # What `flow` writes, without drawing the PNG and PDF this module does not read.
    state = load_state(Workspace.at(ROOT))
    flow = compute_flow(state)
    write_report(state, flow, check_state(state, flow).findings, out)
    flow_records = flow_records_csv(flow)
    return {
        "url": (out / "report.html").as_uri(),
        "state": state,
        "expected": expected_lists(flow_records, *groups_of(state)),
        "rows": list(csv.DictReader(flow_records.splitlines())),
    }


def open_view(driver: Any, url: str, hash_: str = "") -> None:
    driver.get("about:blank")  # a fresh load: no search text left from the last test
    browser.requested_urls(driver)  # drain: what the browser did before this page is not its
    driver.get(url + hash_)
    wait_view(driver, hash_ or "#all")


def wait_view(driver: Any, hash_: str) -> None:
    WebDriverWait(driver, 10, poll_frequency=0.02).until(
        lambda d: (
            d.execute_script("return document.getElementById('viewer').getAttribute('data-view')")
            == hash_
        )
    )


def shown_ids(driver: Any) -> list[str]:
    """Every id of the list on screen, turning its pages with the Next button."""
    size = Select(driver.find_element(By.ID, "f-size"))
    if size.first_selected_option.text != "250":
        size.select_by_visible_text("250")
    # One round trip for all pages: the machine is shared, and each command costs.
    return driver.execute_script(
        """
        const ids = [], next = document.getElementById('page-next');
        for (;;) {
          for (const row of document.querySelectorAll('#list-body tr')) ids.push(row.dataset.id);
          if (next.disabled) return ids;
          next.click();
        }
        """
    )


def assert_clean(driver: Any, page: str, loaded: bool = False) -> None:
    """No console error; no request but the page itself (``loaded``: it was fetched)."""
    assert browser.console_errors(driver) == []
    urls = browser.requested_urls(driver)
    assert all(u.split("#")[0] == page for u in urls), urls
    assert urls or not loaded, "the browser logged no request at all: is the log on?"
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_each_box_lists_exactly_the_ids_flow_records_gives_it(driver, worked) -> None:  # type: ignore[no-untyped-def]
    open_view(driver, worked["url"])
    links = driver.find_elements(By.CSS_SELECTOR, "svg.diagram a.count")
    targets = [(a.get_dom_attribute("href").removeprefix("#box-"), a) for a in links]
    assert len(targets) >= 15  # every count of the worked example's diagram
    for key, link in targets:
        link.find_element(By.TAG_NAME, "text").click()
        wait_view(driver, f"#box-{key}")
        ids = shown_ids(driver)
        assert len(ids) == len(set(ids)), key
        assert set(ids) == worked["expected"][key], key
        title = driver.find_element(By.ID, "list-title").text
        assert title.endswith(f"(n = {len(ids)})"), (key, title)
    assert_clean(driver, worked["url"], loaded=True)


def test_search_finds_a_record_by_its_id(driver, worked) -> None:  # type: ignore[no-untyped-def]
    open_view(driver, worked["url"], "#all")
    wanted = next(r["record_id"] for r in worked["rows"] if r["box"] == "duplicates")
    box = driver.find_element(By.ID, "q")
    box.send_keys(wanted)
    WebDriverWait(driver, 5, poll_frequency=0.02).until(
        lambda d: d.find_element(By.ID, "list-status").text.startswith("Showing 1–1 of 1 ")
    )
    assert shown_ids(driver) == [wanted]
    row = driver.find_element(By.CSS_SELECTOR, "#list-body tr")
    assert "duplicate of" in row.text
    box.clear()
    box.send_keys("no such record anywhere")
    WebDriverWait(driver, 5, poll_frequency=0.02).until(
        lambda d: d.find_element(By.ID, "list-status").text.startswith("No rows match")
    )
    assert_clean(driver, worked["url"], loaded=True)


def test_a_studys_history_shows_its_records_merges_and_decisions(driver, worked) -> None:  # type: ignore[no-untyped-def]
    state = worked["state"]
    study = next(s for s, m in sorted(state.members.items()) if len(m) > 2)
    members = state.members[study]
    ledger = [e for e in state.ledger if state.study_of.get(e.record_id) == study]
    assert ledger, "the worked example decides every study"
    open_view(driver, worked["url"], "#box-records_screened")
    driver.find_element(By.ID, "q").send_keys(study)
    WebDriverWait(driver, 5, poll_frequency=0.02).until(
        lambda d: d.find_element(By.ID, "list-status").text.startswith("Showing 1–1 of 1 ")
    )
    driver.find_element(By.CSS_SELECTOR, "#list-body td.id a").click()
    wait_view(driver, "#study-" + study.replace(":", "%3A"))
    view = driver.find_element(By.ID, "study-view")
    assert driver.find_element(By.ID, "study-title").text == f"Study {study}"
    text = view.text
    for rid in members:
        assert rid in text
    assert f"Merges ({len(members) - 1})" in text or "Merges (" in text
    merge_rules = {m.rule for m in state.dedup.matches if state.study_of[m.a] == study}
    assert merge_rules and all(rule in text for rule in merge_rules)
    assert f"Decisions ({len(ledger)}), in ledger order" in text
    for entry in ledger:
        assert entry.time in text and entry.file in text and entry.screener in text
    # Back leads to the list it came from.
    driver.find_element(By.ID, "study-back").click()
    wait_view(driver, "#box-records_screened")
    # A hand-typed link to no record (with a stray "%") says so, without an error.
    open_view(driver, worked["url"], "#study-nope%ZZ")
    assert driver.find_element(By.ID, "study-title").text == "No record nope%ZZ"
    assert_clean(driver, worked["url"], loaded=True)


def test_filters_by_source_reason_and_screener(driver, worked) -> None:  # type: ignore[no-untyped-def]
    state, expected = worked["state"], worked["expected"]
    open_view(driver, worked["url"], "#box-dbr_assessed")
    hint = driver.find_element(By.ID, "export-hint").text
    assert hint == "RIS or BibTeX: prisma-review export dbr_assessed --round 1 --format ris"
    Select(driver.find_element(By.ID, "f-source")).select_by_visible_text("Scopus")
    scopus = {r for r in expected["dbr_assessed"] if r.startswith("scopus:")}
    assert set(shown_ids(driver)) == scopus
    Select(driver.find_element(By.ID, "f-source")).select_by_index(0)
    Select(driver.find_element(By.ID, "f-reason")).select_by_visible_text(
        "Insufficient technical detail"
    )
    assert set(shown_ids(driver)) == expected["dbr_excluded/insufficient_detail"]
    Select(driver.find_element(By.ID, "f-reason")).select_by_index(0)
    screener = sorted({e.screener for e in state.ledger if e.stage == "full_text"})[0]
    decided = {
        state.study_of[e.record_id]
        for e in state.ledger
        if e.screener == screener and e.record_id in state.study_of
    }
    Select(driver.find_element(By.ID, "f-screener")).select_by_visible_text(screener)
    assert set(shown_ids(driver)) == expected["dbr_assessed"] & decided
    driver.find_element(By.ID, "download-csv").click()  # a blob: URL, not a request
    assert_clean(driver, worked["url"], loaded=True)


def test_keyboard_reaches_a_count_and_opens_its_list(driver, worked) -> None:  # type: ignore[no-untyped-def]
    open_view(driver, worked["url"])
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)  # the skip link comes first
    assert driver.switch_to.active_element.text == "Skip to the lists"
    for _ in range(3):
        driver.switch_to.active_element.send_keys(Keys.TAB)
        if driver.switch_to.active_element.get_attribute("class") == "count":
            break
    link = driver.switch_to.active_element
    assert link.get_attribute("class") == "count", "Tab does not reach the diagram's counts"
    key = link.get_dom_attribute("href").removeprefix("#box-")
    link.send_keys(Keys.ENTER)
    wait_view(driver, f"#box-{key}")
    # Focus moves to the list's heading, so the next Tab continues from the list.
    assert driver.switch_to.active_element.get_attribute("id") == "list-title"
    assert_clean(driver, worked["url"], loaded=True)


def test_hostile_titles_stay_text(driver, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_report_workspace(tmp_path / "ws")
    state = load_state(Workspace.at(root))
    flow = compute_flow(state, 1)
    path = tmp_path / "report.html"
    findings = check_state(state, flow)
    atomic_write(path, report_html(state, flow, findings.findings))
    url = path.as_uri()
    open_view(driver, url, "#all")
    driver.find_element(By.ID, "q").send_keys("</script>")
    WebDriverWait(driver, 5, poll_frequency=0.02).until(
        lambda d: d.find_element(By.ID, "list-status").text.startswith("Showing 1–1 of 1 ")
    )
    cells = driver.find_elements(By.CSS_SELECTOR, "#list-body td")
    title = next(i.record.title for i in state.identified if i.record.title.startswith("</s"))
    assert cells[1].text == title.strip() and cells[2].text == HOSTILE_AUTHOR
    assert driver.find_elements(By.CSS_SELECTOR, "img, b") == []
    assert driver.title == f"{HOSTILE_REVIEW} — PRISMA 2020 audit report"
    assert driver.find_element(By.TAG_NAME, "h1").text == HOSTILE_REVIEW
    # A finding of the check leads to the list of its records.
    link = driver.find_element(By.CSS_SELECTOR, "#findings a[href^='#finding-']")
    href = link.get_dom_attribute("href")
    finding = findings.findings[int(href.removeprefix("#finding-"))]
    assert finding.record_ids
    link.click()
    wait_view(driver, href)
    assert driver.find_element(By.ID, "list-title").text.startswith(f"Finding: {finding.code}")
    driver.find_element(By.ID, "q").clear()
    driver.find_element(By.ID, "filters").submit()
    assert shown_ids(driver) == list(finding.record_ids)
    assert_clean(driver, url, loaded=True)


def test_reports_of_a_study_are_counted_and_linked(driver, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    state = load_state(companion_workspace(tmp_path / "ws"))
    flow = compute_flow(state)
    write_report(state, flow, check_state(state, flow).findings, tmp_path)
    url = (tmp_path / "report.html").as_uri()
    open_view(driver, url, "#box-new_reports")
    assert "5 reports of 3 studies" in driver.find_element(By.ID, "list-desc").text
    report, study = next(iter(flow.study_of_report.items()))
    open_view(driver, url, "#study-" + report.replace(":", "%3A"))
    text = driver.find_element(By.ID, "study-body").text
    assert f"A companion report of study {study}" in text
    open_view(driver, url, "#study-" + study.replace(":", "%3A"))
    assert report in driver.find_element(By.ID, "study-body").text
    assert_clean(driver, url, loaded=True)
