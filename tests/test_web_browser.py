"""The self-check page as an agency lead uses it: the real `dhr-check serve` in its own process, driven in
headless Chromium by Selenium through Debian's chromedriver (named, so nothing is ever downloaded).

What the page shows is compared with what `dhr-check check --format json` says for the same file, settings
and as-of date, never with numbers written here. Skipped only when chromium or chromedriver is missing, and
not even then when DHR_REQUIRE_CHROMIUM=1 (CI), so a CI run cannot pass without having driven the page.
"""

from __future__ import annotations

import collections
import json
from pathlib import Path
from urllib.parse import urlsplit

import openpyxl
import pytest
import yaml

from checker.findings import split_message
from checker.identifiers import action_ref
from checker.load import MAX_FILE_BYTES
from checker.rag_scale import RAGS

from .browser import CHROMEDRIVER, CHROMIUM, MISSING_DRIVER, REQUIRED, selenium_chromium
from .common import REPO
from .hostile import HOSTILE
from .reporting import AS_OF, run
from .serving import served

pytestmark = pytest.mark.skipif((CHROMIUM is None or CHROMEDRIVER is None) and not REQUIRED, reason=MISSING_DRIVER)

WAIT = 300   # seconds: a hang guard for each wait on a shared, busy machine, not a timing (the largest page,
             # worst-valid-plan's 30 MB of 16,000 findings, took Chromium about a minute under a load of 4)
BOLTON = REPO / "plans" / "bolton-adult-a.yaml"
SETTINGS = REPO / "plans" / "dhr-check.yaml"
MARK = "__dhr_pwned"
ELEVEN_MB = "eleven-megabytes"


@pytest.fixture(scope="session")
def server():
    with served("--config", str(SETTINGS)) as running:
        yield running


@pytest.fixture(scope="session")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="session")
def browser(downloads):
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.fail(f"DHR_REQUIRE_CHROMIUM=1 asks for the browser tests to run. {MISSING_DRIVER}.")
    driver = selenium_chromium(downloads)
    yield driver
    driver.quit()


def cli_json(plan: Path) -> dict:
    code, out, err = run("check", str(plan), "--config", str(SETTINGS), "--as-of", AS_OF, "--format", "json")
    assert code in (0, 1), err
    return json.loads(out)


def wait(driver, condition, message: str, answer: bool = False):
    """Poll `condition` until it holds; while a new page is arriving (`answer`), a look at the old one can fail."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    ignored = (StaleElementReferenceException, WebDriverException) if answer else ()
    return WebDriverWait(driver, WAIT, ignored_exceptions=ignored).until(condition, message)


def check(driver, server, plan: Path, as_of: str | None = AS_OF) -> int:
    """Choose `plan` in the form, type the as-of date, press Check; the HTTP status of the page that comes back
    (read from the browser's own network log), once that page is loaded."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC

    driver.get(server.url)
    driver.get_log("performance")                       # forget the form's own requests
    driver.find_element(By.ID, "plan").send_keys(str(plan))
    if as_of is not None:
        type_date(driver.find_element(By.ID, "as_of"), as_of)
    form = driver.find_element(By.ID, "check-form")
    driver.find_element(By.ID, "check").click()
    wait(driver, EC.staleness_of(form), "the form was not replaced by an answer", answer=True)   # chromedriver
    # may answer "Node ... does not belong to the document" about the old form while the answer replaces it
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete"
         and (d.find_elements(By.ID, "plan-rag") or d.find_elements(By.ID, "problems")),
         "the answer shows neither a plan RAG (#plan-rag) nor problems (#problems)", answer=True)
    return document_status(driver, "/check")


def type_date(field, iso: str) -> None:
    """Type the date's digits as a person does, in the order the browser's locale lays the field out (Debian's
    chromium without chromium-l10n shows month/day/year whatever the language asked for)."""
    year, month, day = iso.split("-")
    for digits in (month + day + year, day + month + year, year + month + day):
        field.clear()
        field.send_keys(digits)
        if field.get_attribute("value") == iso:
            return
    raise AssertionError(f"the date field would not take {iso} typed in any order: {field.get_attribute('value')!r}")


def document_status(driver, path: str) -> int:
    statuses = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.responseReceived" and message["params"]["type"] == "Document":
            response = message["params"]["response"]
            if urlsplit(response["url"]).path == path:
                statuses.append(response["status"])
    assert statuses, f"no response for {path} in the browser's network log"
    return statuses[-1]


def words(text: str) -> str:
    return " ".join(text.split())


def findings_on_page(driver, rule: str | None = None) -> list:
    from selenium.webdriver.common.by import By

    selector = "li.finding" + (f'[data-rule="{rule}"]' if rule else "")
    return driver.find_elements(By.CSS_SELECTOR, selector)


@pytest.fixture(scope="session")
def bolton_page(browser, server):
    status = check(browser, server, BOLTON)
    return browser, status, cli_json(BOLTON)


def test_bolton_plan_rag_and_evidence_findings_match_the_cli(bolton_page):
    from selenium.webdriver.common.by import By

    driver, status, cli = bolton_page
    assert status == 200
    [plan] = cli["plans"]
    rag = driver.find_element(By.ID, "plan-rag")
    assert rag.get_attribute("data-rag") == plan["rag"]
    assert words(rag.text).lower() == plan["rag"]
    expected = [f for f in cli["findings"] if f["rule"] == "DHR-EVIDENCE-001"]
    assert len(expected) == 3          # the three: R2.A2, R3.A2 and R9.A2 list no evidence
    shown = findings_on_page(driver, "DHR-EVIDENCE-001")
    assert len(shown) == len(expected)
    texts = [words(element.text) for element in shown]
    for finding in expected:
        found, advice = split_message(finding["message"])
        [element] = [e for e, text in zip(shown, texts) if found in text and advice in text]
        assert element.get_attribute("data-severity") == finding["rag"]
        assert element.get_attribute("data-target")


def test_every_finding_and_rating_on_the_page_is_the_cli_s(bolton_page):
    from selenium.webdriver.common.by import By

    driver, _status, cli = bolton_page
    shown = findings_on_page(driver)
    assert collections.Counter((e.get_attribute("data-rule"), e.get_attribute("data-severity")) for e in shown) \
        == collections.Counter((f["rule"], f["rag"]) for f in cli["findings"])
    texts = [words(element.text) for element in shown]
    for finding in cli["findings"]:
        found, advice = split_message(finding["message"])
        assert any(found in text and advice in text for text in texts), finding["id"]
    [plan] = cli["plans"]
    for recommendation in plan["recommendations"]:
        holder = driver.find_element(By.CSS_SELECTOR, f'[data-recommendation="{recommendation["number"]}"]')
        assert holder.find_element(By.CSS_SELECTOR, ".rag").get_attribute("data-rag") == recommendation["rag"]
        for action in recommendation["actions"]:
            ref = action_ref(recommendation["number"], action["number"])
            element = holder.find_element(By.CSS_SELECTOR, f'[data-action="{ref}"]')
            assert element.find_element(By.CSS_SELECTOR, ".rag").get_attribute("data-rag") == action["rag"]
    assert driver.find_element(By.ID, "not-placed").text.strip()


def _px(element, css_property: str) -> float:
    return float(element.value_of_css_property(css_property).removesuffix("px"))


@pytest.mark.parametrize("width", [1280, 800])
def test_the_first_screen_shows_the_rag_the_counts_and_the_red_findings(browser, server, width):
    """What an agency lead must act on is on the first screen, at a desktop's width and a narrow window's; the
    page never scrolls sideways; labels stay on one line; the action's words get the table's widest column."""
    from selenium.webdriver.common.by import By

    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
    try:
        assert check(browser, server, BOLTON) == 200
        cli = cli_json(BOLTON)
        shown = findings_on_page(browser)
        severities = [element.get_attribute("data-severity") for element in shown]
        red = sum(finding["rag"] == "red" for finding in cli["findings"])
        assert severities == sorted(severities, key=RAGS.index) and severities[:red] == ["red"] * red > []
        screen = browser.execute_script("window.scrollTo(0, 0); return window.innerHeight")
        for element in [browser.find_element(By.ID, "plan-rag"), browser.find_element(By.ID, "finding-counts"),
                        *shown[:red]]:
            assert element.is_displayed() and element.location["y"] < screen, (element.text[:60], screen)
        assert _px(browser.find_element(By.ID, "as-of"), "font-size") <= \
            _px(browser.find_element(By.CSS_SELECTOR, ".headline"), "font-size")
        shown[0].find_element(By.CSS_SELECTOR, "details > summary").click()    # its labels too
        for label in shown[0].find_elements(By.TAG_NAME, "dt"):
            text_height = browser.execute_script("const range = document.createRange(); range.selectNodeContents("
                                                 "arguments[0]); return range.getBoundingClientRect().height", label)
            assert label.is_displayed() and 0 < text_height < 1.5 * _px(label, "line-height"), label.text
        assert browser.execute_script(
            "return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        row = browser.find_element(By.CSS_SELECTOR, "tr.action")
        widths = [cell.size["width"] for cell in row.find_elements(By.TAG_NAME, "td")]
        assert row.find_element(By.CSS_SELECTOR, "td.desc").size["width"] == max(widths), widths
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_rule_s_detail_opens_from_each_finding_without_a_script(browser, server):
    """Rationale, source and where are folded away under each finding (a <details>, no script needed) and
    open when its summary is clicked; what was found and what to do are shown without a click."""
    from selenium.webdriver.common.by import By

    assert check(browser, server, BOLTON) == 200
    shown = findings_on_page(browser)
    for element in shown:
        for folded in element.find_elements(By.CSS_SELECTOR, "dd.rationale, dd.source, dd.where"):
            assert not folded.is_displayed()
        assert element.find_element(By.CSS_SELECTOR, "dd.found").is_displayed()
        assert element.find_element(By.CSS_SELECTOR, "dd.advice").is_displayed()
    first = shown[0]
    rationale = first.find_element(By.CSS_SELECTOR, "details dd.rationale")
    assert words(rationale.get_attribute("textContent")) not in words(first.text)
    first.find_element(By.CSS_SELECTOR, "details > summary").click()
    wait(browser, lambda _d: rationale.is_displayed(), "the finding's rule detail did not open")
    assert words(rationale.get_attribute("textContent")) in words(first.text)
    assert first.find_element(By.CSS_SELECTOR, "dd.source").is_displayed()


def _sheet_rows(workbook, name: str, leave_out: str) -> list[tuple]:
    rows = list(workbook[name].iter_rows(values_only=True))
    column = rows[0].index(leave_out)                    # the file as the CLI named it, or as it was uploaded
    return [row[:column] + row[column + 1:] for row in rows]


def test_xlsx_download_holds_the_same_findings(bolton_page, downloads, tmp_path):
    from selenium.webdriver.common.by import By

    driver, _status, cli = bolton_page
    target = downloads / f"{BOLTON.stem}.xlsx"
    assert not target.exists()
    driver.find_element(By.ID, "download-xlsx").click()
    wait(driver, lambda _d: target.exists() and not any(downloads.glob("*.crdownload")),
         f"{target.name} did not arrive in the download folder")
    downloaded = openpyxl.load_workbook(target)
    code, _out, err = run("check", str(BOLTON), "--config", str(SETTINGS), "--as-of", AS_OF,
                          "--output", str(tmp_path / "cli.xlsx"))
    assert code in (0, 1), err
    made_by_cli = openpyxl.load_workbook(tmp_path / "cli.xlsx")
    findings = _sheet_rows(downloaded, "Findings", "Plan file")
    assert findings == _sheet_rows(made_by_cli, "Findings", "Plan file")
    rules = [row[0].split("|")[1] for row in findings[1:]]
    assert collections.Counter(rules) == collections.Counter(f["rule"] for f in cli["findings"])
    assert _sheet_rows(downloaded, "Actions", "Plan file") == _sheet_rows(made_by_cli, "Actions", "Plan file")


PAYLOADS = [
    f"<script>window.{MARK} = 'script'; document.title = 'pwned'</script>",
    f"<img src=x onerror=\"window.{MARK} = 'img'; document.title = 'pwned'\">",
    f"<a href=\"javascript:window.{MARK} = 'link'\">read the plan</a>",
    f"javascript:window.{MARK} = 'bare link'",
    f"<svg onload=\"window.{MARK} = 'svg'\"></svg>",
    f"<meta http-equiv=\"refresh\" content=\"0; url=javascript:window.{MARK} = 'meta'\">",
    f"\"><script>window.{MARK} = 'attribute'</script>",
]


def hostile_bolton(folder: Path) -> tuple[Path, list[str]]:
    """The Bolton plan with a payload in each kind of text an officer types: the texts the page must show."""
    plan = yaml.safe_load(BOLTON.read_text(encoding="utf-8"))
    shown = []
    for index, (recommendation, payload) in enumerate(zip(plan["recommendations"], PAYLOADS)):
        recommendation["text"] += " " + payload
        recommendation["addressed_to"] = f"Agency {index} {payload}"
        action = recommendation["actions"][0]
        action["description"] += " " + payload
        action["lead_agency"] = f"Lead {index} {payload}"
        action.setdefault("planned_evidence", []).append(payload)
        action["key_outcomes"] = [payload]
        shown += [recommendation["addressed_to"], action["description"], action["lead_agency"]]
    plan["review"]["monitored_by"] = PAYLOADS[0]
    path = folder / f"<img src=x onerror=\"window.{MARK} = 'file name'\">.yaml"
    path.write_text(yaml.safe_dump(plan, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    return path, shown


def test_payloads_in_plan_text_are_shown_as_text_and_nothing_runs(browser, server, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC

    plan, shown = hostile_bolton(tmp_path)
    assert check(browser, server, plan) == 200
    assert browser.find_elements(By.ID, "plan-rag")
    assert browser.execute_script(f"return typeof window.{MARK}") == "undefined"
    assert "pwned" not in browser.title
    assert EC.alert_is_present()(browser) is False
    assert urlsplit(browser.current_url).path == "/check"
    # not one element a payload would have made: the escaping held, not only the Content-Security-Policy
    assert browser.find_elements(By.CSS_SELECTOR, "script, svg, meta[http-equiv], a[href^='javascript' i]") == []
    handlers = browser.execute_script(
        "return Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes))"
        ".filter(a => a.name.startsWith('on')).map(a => a.name)")
    assert handlers == []
    console = browser.get_log("browser")     # a blocked script is logged with source "security" (Chromium's own
    # field, not its wording); a payload that ran would have logged the marker
    assert not [e for e in console if e.get("source") == "security" or MARK in e["message"]], console
    page = words(browser.find_element(By.TAG_NAME, "body").text)
    for text in shown:
        assert words(text) in page


def _hostile_file(folder: Path, name: str) -> tuple[Path, str | None]:
    if name == ELEVEN_MB:
        path = folder / f"{name}.yaml"
        with open(path, "wb") as stream:                 # sparse: 11 MB on paper, nothing on disk
            stream.truncate(11 * 1024 * 1024)
        return path, f"files over {MAX_FILE_BYTES:,} bytes are refused"
    content, expected = HOSTILE[name]
    path = folder / f"{name}.yaml"
    path.write_text(content, encoding="utf-8")
    return path, expected


@pytest.mark.parametrize("name", [*sorted(HOSTILE), ELEVEN_MB])
def test_hostile_file_gets_a_page_that_names_the_problem(browser, server, tmp_path, name):
    from selenium.webdriver.common.by import By

    path, expected = _hostile_file(tmp_path, name)
    status = check(browser, server, path)
    page = browser.page_source
    assert "Traceback" not in page
    assert "Traceback" not in server.log(), server.log()[-4000:]
    if expected is None:                                 # a file the CLI checks normally
        assert status == 200 and browser.find_elements(By.ID, "plan-rag")
        return
    assert status == (413 if name == ELEVEN_MB else 422)
    assert browser.find_element(By.ID, "problems").get_attribute("data-status") == str(status)
    problems = [words(e.text) for e in browser.find_elements(By.CSS_SELECTOR, "#problems li.problem")]
    assert problems
    assert any(path.name in problem and expected in problem for problem in problems), problems
    assert not browser.find_elements(By.ID, "plan-rag")


def test_the_server_logged_no_upload_content(server, bolton_page):
    """Nothing is logged but method, path, status and time: no plan text, no file name (the Bolton plan was
    uploaded, and the payloads and hostile files too when the whole module runs)."""
    log = server.log()
    assert "POST /check 200" in log                     # the log was read, and the upload is in it
    assert "Bolton" not in log and "Adult A" not in log and BOLTON.stem not in log
    assert MARK not in log and "worst-valid-plan" not in log
