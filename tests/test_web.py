"""The self-check page (`dhr-check serve`, checker/web) through Starlette's TestClient: the same answers as
the CLI, nothing kept, safe by default. The browser tests (a real Chromium) are elsewhere."""

from __future__ import annotations

import asyncio
import base64
import collections
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from checker.cli import main
from checker.load import MAX_FILE_BYTES
from checker.rag_scale import RAGS
from checker.web import create_app
from checker.web.guard import SECURITY_HEADERS
from tests.common import REPO
from tests.hostile import HOSTILE, worst_valid_plan

PLANS = REPO / "plans"
CONFIG = PLANS / "dhr-check.yaml"
BOLTON = PLANS / "bolton-adult-a.yaml"
BUNDLED = sorted(path for path in PLANS.glob("*.yaml") if path.name not in ("dhr-check.yaml", "waivers.yaml"))
AS_OF = "2026-03-31"
REAL = REPO / "tests" / "fixtures" / "real"
TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module")
def temp_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("web-temp")


@pytest.fixture(scope="module")
def client(temp_root) -> TestClient:
    return TestClient(create_app(CONFIG, temp_root=temp_root))


def check(client: TestClient, path: Path, name: str | None = None, summary: Path | None = None, **fields):
    files = {"plan": (name or path.name, path.read_bytes())}
    if summary is not None:
        files["summary"] = (summary.name, summary.read_bytes())
    return client.post("/check", files=files, data={"as_of": AS_OF, **fields})


class _Page(HTMLParser):
    """The elements the contract names, read off a page: attributes of each tag, by tag."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def having(self, attribute: str) -> list[dict]:
        return [attrs for _tag, attrs in self.tags if attribute in attrs]

    def by_id(self, element_id: str) -> dict | None:
        return next((attrs for _tag, attrs in self.tags if attrs.get("id") == element_id), None)

    def hidden_fields(self) -> dict[str, str]:
        return {a["name"]: a["value"] for tag, a in self.tags if tag == "input" and a.get("type") == "hidden"}


def page_findings(html: str) -> list[tuple[str, str, str]]:
    return [(a["data-rule"], a["data-severity"], a["data-target"]) for a in _Page(html).having("data-severity")
            if "finding" in a.get("class", "").split()]


def cli_findings(report: dict) -> list[tuple[str, str, str]]:
    """The JSON report's findings in its own order, the plan's."""
    def target(record):
        if record["action"] is not None:
            return f"R{record['recommendation']}.A{record['action']}"
        return f"R{record['recommendation']}" if record["recommendation"] is not None else "plan"
    return [(record["rule"], record["rag"], target(record)) for record in report["findings"]]


def json_findings(report: dict) -> list[tuple[str, str, str]]:
    """The JSON report's findings in the order the page lists them: those that count worst first on the RAG
    scale, then the waived ones, each in the plan's order."""
    waived = [record["waived"] is not None for record in report["findings"]]
    ranked = sorted(zip(waived, cli_findings(report)), key=lambda pair: (pair[0], RAGS.index(pair[1][1])))
    return [finding for _waived, finding in ranked]


def cli_report(tmp_path: Path, plan: Path, report_format: str, *extra: str) -> bytes:
    """What `dhr-check check NAME --as-of D --format F --config CONFIG` writes, run in a folder holding NAME."""
    folder = tmp_path / "cli"
    folder.mkdir(exist_ok=True)
    shutil.copy(plan, folder / plan.name)
    done = subprocess.run([sys.executable, "-m", "checker", "check", plan.name, "--as-of", AS_OF, "--format",
                           report_format, "--config", str(CONFIG), *extra], cwd=folder, capture_output=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def download(client: TestClient, page_html: str, report_format: str):
    fields = _Page(page_html).hidden_fields()
    return client.post("/download", files={"format": (None, report_format), **{k: (None, v) for k, v in fields.items()}})


# --- the form and the result ---------------------------------------------------------------------------------

def test_form_page_has_the_contract_fields_and_says_nothing_is_kept(client):
    response = client.get("/")
    assert response.status_code == 200
    page = _Page(response.text)
    form = page.by_id("check-form")
    assert (form["method"], form["action"], form["enctype"]) == ("post", "/check", "multipart/form-data")
    assert page.by_id("plan")["type"] == "file" and "required" in page.by_id("plan")
    assert page.by_id("summary")["type"] == "file" and page.by_id("as_of")["type"] == "date"
    assert page.by_id("agency")["name"] == "agency" and page.by_id("check")["type"] == "submit"
    assert "Nothing is kept" in response.text
    assert "set-cookie" not in response.headers


def test_bolton_plan_gives_red_and_the_three_evidence_findings(client):
    response = check(client, BOLTON)
    assert response.status_code == 200
    page = _Page(response.text)
    assert page.by_id("plan-rag")["data-rag"] == "red"
    evidence = [f for f in page_findings(response.text) if f[0] == "DHR-EVIDENCE-001"]
    assert len(evidence) == 3 and {severity for _rule, severity, _target in evidence} == {"red"}
    assert page.having("data-recommendation") and page.having("data-action")
    assert all("rag" in a["class"].split() for a in page.having("data-rag") if a.get("id") != "plan-rag"
               and "self-rag" not in a["class"].split())
    assert page.by_id("not-placed") is not None and "Nothing" in response.text.split('id="not-placed"')[1]
    assert "31 March 2026" in response.text


@pytest.mark.parametrize("plan", BUNDLED, ids=lambda path: path.stem)
def test_same_findings_and_json_as_the_cli(client, tmp_path, plan):
    response = check(client, plan)
    assert response.status_code == 200
    expected = cli_report(tmp_path, plan, "json")
    assert page_findings(response.text) == json_findings(json.loads(expected))
    assert _Page(response.text).by_id("plan-rag")["data-rag"] == json.loads(expected)["plans"][0]["rag"]
    got = download(client, response.text, "json")
    assert got.status_code == 200
    assert got.headers["content-disposition"] == f'attachment; filename="{plan.stem}.json"'
    assert got.content == expected


@pytest.mark.parametrize("report_format", ["markdown", "xlsx", "pdf"])
def test_downloads_are_byte_for_byte_the_cli_report(temp_root, tmp_path, report_format):
    client = TestClient(create_app(CONFIG, temp_root=temp_root, time_limit=300))   # a PDF takes a while here
    page = check(client, BOLTON).text
    got = download(client, page, report_format)
    assert got.status_code == 200
    assert got.content == cli_report(tmp_path, BOLTON, report_format)


def test_agency_filter_is_the_clis(client, tmp_path):
    agency = "Probation Service"
    response = check(client, BOLTON, agency=agency)
    assert response.status_code == 200
    expected = json.loads(cli_report(tmp_path, BOLTON, "json", "--agency", agency))
    assert page_findings(response.text) == json_findings(expected) != []
    assert download(client, response.text, "json").content == cli_report(tmp_path, BOLTON, "json", "--agency", agency)


def test_unknown_agency_is_a_422_naming_the_agencies(client):
    response = check(client, BOLTON, agency="Nobody At All")
    assert response.status_code == 422
    assert "Nobody At All" in _problems(response.text)[0] and "Traceback" not in response.text


def test_imported_plan_with_summary_lists_what_was_not_placed(client, tmp_path):
    source, summary = REAL / "plans" / "bassetlaw-sarah-action-plan.txt", REAL / "summaries" / "bassetlaw-64809b77.txt"
    response = check(client, source, summary=summary)
    assert response.status_code == 200, _problems(response.text)
    folder = tmp_path / "imp"
    folder.mkdir()
    shutil.copy(source, folder / source.name)
    shutil.copy(summary, folder / summary.name)
    imported = subprocess.run([sys.executable, "-m", "checker", "import", source.name, "--summary", summary.name,
                               "-o", "bassetlaw-sarah-action-plan.yaml"], cwd=folder, capture_output=True, text=True,
                              timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert imported.returncode == 0, imported.stderr
    expected = cli_report(tmp_path, folder / "bassetlaw-sarah-action-plan.yaml", "json")
    assert page_findings(response.text) == json_findings(json.loads(expected))
    not_placed = response.text.split('id="not-placed"')[1].split("</section>")[0]
    leftovers = imported.stdout.split("Not placed in the plan")[1].splitlines()[1:] if "Not placed in the plan" \
        in imported.stdout else []
    listed = not_placed.count('class="leftover"')
    assert listed == len([line for line in leftovers if line.startswith("  ")])
    [count] = lxml.html.fromstring(response.text).xpath('//header//p[@id="not-placed-count"]/a[@href="#not-placed"]')
    assert count.text_content().startswith(f"{listed} piece") if listed else count.text_content() == "nothing"
    assert listed == 0 or response.text.index('id="not-placed"') < response.text.index('id="findings"')


def test_bolton_findings_are_listed_most_serious_first(client, tmp_path):
    response = check(client, BOLTON)
    cli = json.loads(cli_report(tmp_path, BOLTON, "json"))
    shown = page_findings(response.text)
    severities = [severity for _rule, severity, _target in shown]
    red = [severity for _rule, severity, _target in cli_findings(cli)].count("red")
    assert red > 0 and severities == ["red"] * red + ["amber"] * (len(shown) - red)
    assert shown != cli_findings(cli)                   # the CLI's plan order puts an amber finding first
    for rag in ("red", "amber"):                        # within a RAG, the plan's order
        assert [f for f in shown if f[1] == rag] == [f for f in cli_findings(cli) if f[1] == rag]


@pytest.mark.parametrize("plan", [BOLTON, PLANS / "illustrative-westvale-mr-c.yaml"], ids=lambda path: path.stem)
def test_the_counts_by_rag_at_the_top_are_the_clis(client, tmp_path, plan):
    response = check(client, plan)
    cli = json.loads(cli_report(tmp_path, plan, "json"))
    counted = collections.Counter(record["rag"] for record in cli["findings"] if record["waived"] is None)
    waived = sum(record["waived"] is not None for record in cli["findings"])
    page = lxml.html.fromstring(response.text)
    links = page.xpath('//header//p[@id="finding-counts"]/a[starts-with(@id, "count-")]')
    shown = [(link.get("id").removeprefix("count-"), int(link.text_content().split()[0])) for link in links]
    assert shown == [(rag, counted[rag]) for rag in RAGS if counted[rag]] + ([("waived", waived)] if waived else [])
    assert ", ".join(f"{n} {rag}" for rag, n in shown if rag != "waived") in " ".join(links[0].getparent()
                                                                                       .text_content().split())
    for link, (_key, count) in zip(links, shown):       # each count leads to its findings, and counts them
        heading = page.get_element_by_id(link.get("href").removeprefix("#"))
        assert len(heading.getnext().xpath('./li[contains(concat(" ", @class, " "), " finding ")]')) == count
    assert page.xpath('//header//p[@id="not-placed-count"]/a[@href="#not-placed"]')


def test_each_findings_rule_detail_is_inside_details_and_what_to_do_is_not(client):
    from checker.config import load_settings

    rules = {rule.id: rule for rule in load_settings(CONFIG).rules}
    items = lxml.html.fromstring(check(client, BOLTON).text).xpath(
        '//li[contains(concat(" ", @class, " "), " finding ")]')
    assert len(items) == len(page_findings(check(client, BOLTON).text)) > 0
    for item in items:
        rule = rules[item.get("data-rule")]
        [details] = item.xpath("./details")
        assert details.xpath("./summary") and rule.title in details.xpath("./summary")[0].text_content()
        assert [dd.text_content() for dd in details.xpath('.//dd[@class="rationale"]')] == [rule.rationale]
        assert [dd.text_content() for dd in details.xpath('.//dd[@class="source"]')] == [rule.source]
        assert details.xpath('.//dd[@class="based-on"]') and details.xpath('.//dd[@class="where"]')
        assert not item.xpath('.//dd[@class="rationale" or @class="source" or @class="where"][not(ancestor::details)]')
        assert item.xpath('./dl/dd[@class="found"]') and item.xpath('./dl/dd[@class="advice"]')
        assert not details.xpath('.//dd[@class="found" or @class="advice"]')


def test_summary_with_a_yaml_plan_is_refused(client):
    response = check(client, BOLTON, summary=REAL / "summaries" / "bassetlaw-64809b77.txt")
    assert response.status_code == 400 and "bassetlaw-64809b77.txt" in _problems(response.text)[0]


def test_rules_page_lists_every_rule_in_force(client):
    from checker.config import load_settings

    response = client.get("/rules")
    assert response.status_code == 200
    rules = load_settings(CONFIG).rules
    assert sorted(a["data-rule"] for a in _Page(response.text).having("data-rule")) == sorted(r.id for r in rules)
    evidence = next(r for r in rules if r.id == "DHR-EVIDENCE-001")
    assert evidence.title in response.text and evidence.source.split()[0] in response.text


# --- bad requests and hostile files ----------------------------------------------------------------------------

def _problems(html: str) -> list[str]:
    section = html.split('<section id="problems"', 1)[1].split("</section>", 1)[0]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r'<li class="problem">(.*?)</li>', section, re.S)]


def test_an_11_mb_upload_is_413(client):
    response = client.post("/check", files={"plan": ("big.yaml", b"#" * (11 * 2**20))})
    assert response.status_code == 413
    assert f"{MAX_FILE_BYTES:,}" in _problems(response.text)[0]


def test_a_body_over_the_cap_is_refused_while_read_whatever_content_length_says(temp_root):
    app = create_app(CONFIG, temp_root=temp_root)
    chunks = [b"x" * 2**20] * 40
    sent = []

    async def receive():
        return {"type": "http.request", "body": chunks.pop() if chunks else b"", "more_body": bool(chunks)}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/check", "raw_path": b"/check", "query_string": b"",
             "headers": [(b"content-type", b"multipart/form-data; boundary=x"), (b"content-length", b"100")],
             "scheme": "http", "server": ("test", 80), "client": ("test", 1), "root_path": "", "http_version": "1.1"}
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 413
    assert len(chunks) > 0          # it stopped reading once over the cap


def test_no_file_is_400_and_a_bad_date_is_400_in_the_clis_words(client):
    assert client.post("/check", files={"x": ("a", b"")}, data={"as_of": AS_OF}).status_code == 400
    response = check(client, BOLTON, as_of="31/03/2026")
    assert response.status_code == 400 and "YYYY-MM-DD" in _problems(response.text)[0]


@pytest.mark.parametrize("name", [name for name, (_text, words) in HOSTILE.items() if words is not None])
def test_hostile_files_get_a_422_page_naming_the_problem(client, tmp_path, name):
    plan = tmp_path / f"{name}.yaml"
    plan.write_text(HOSTILE[name][0], encoding="utf-8")
    response = check(client, plan)
    assert response.status_code == 422
    problems = _problems(response.text)
    assert problems and problems[0].startswith(f"{name}.yaml:")
    assert HOSTILE[name][1] in response.text
    assert "Traceback" not in response.text


def test_a_check_over_the_time_limit_is_503_and_the_next_still_works(tmp_path):
    root = tmp_path / "temp"
    root.mkdir()
    # The worst valid plan takes about 10 s to check here, the Bolton plan 0.4 s once the worker server runs.
    client = TestClient(create_app(CONFIG, temp_root=root, time_limit=2.5))
    slow = tmp_path / "worst.yaml"
    slow.write_text(worst_valid_plan(), encoding="utf-8")
    response = check(client, slow)
    assert response.status_code == 503
    assert "worst.yaml" in _problems(response.text)[0] and "Traceback" not in response.text
    assert check(client, BOLTON).status_code == 200
    assert list(root.iterdir()) == []


def test_a_check_over_the_memory_limit_is_refused_naming_the_file(tmp_path):
    client = TestClient(create_app(CONFIG, temp_root=tmp_path, memory_limit=100 << 20, time_limit=60))
    slow = tmp_path / "worst.yaml"
    slow.write_text(worst_valid_plan(), encoding="utf-8")
    response = check(client, slow)
    assert response.status_code in (422, 503)      # MemoryError in the worker, or the worker killed by it
    assert "worst.yaml" in _problems(response.text)[0] and "100 MiB of memory" in response.text


def test_nothing_is_left_in_the_temporary_folder(client, temp_root, tmp_path):
    check(client, BOLTON)
    bad = tmp_path / "bad.yaml"
    bad.write_text("review: [", encoding="utf-8")
    check(client, bad)
    download(client, check(client, BOLTON).text, "json")
    assert list(temp_root.iterdir()) == []


def test_logs_hold_neither_file_name_nor_contents(client, caplog, tmp_path):
    marker = "Zebedee-Quillfeather"
    plan = tmp_path / f"{marker}.yaml"
    plan.write_text(BOLTON.read_text(encoding="utf-8").replace("Adult A", marker), encoding="utf-8")
    with caplog.at_level(logging.DEBUG):
        response = check(client, plan)
        download(client, response.text, "json")
    assert response.status_code == 200 and marker in response.text
    assert marker not in caplog.text
    assert re.search(r"POST /check 200 \d+\.\d+s", caplog.text) and "POST /download 200" in caplog.text


# --- the token and the headers ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def guarded(temp_root) -> TestClient:
    return TestClient(create_app(CONFIG, token=TOKEN, temp_root=temp_root))


@pytest.mark.parametrize("path", ["/", "/static/report.css", "/rules", "/no-such-page"])
def test_token_is_required_on_every_path(guarded, path):
    refused = guarded.get(path)
    assert refused.status_code == 401 and refused.headers["www-authenticate"] == 'Basic realm="dhr-check"'
    assert guarded.get(path, auth=("anyone", "wrong")).status_code == 401
    expected = 404 if path == "/no-such-page" else 200
    assert guarded.get(path, auth=("anyone", TOKEN)).status_code == expected
    assert guarded.get(path, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == expected


def test_token_is_required_to_check(guarded):
    files = {"plan": (BOLTON.name, BOLTON.read_bytes())}
    assert guarded.post("/check", files=files).status_code == 401
    assert guarded.post("/check", files=files, data={"as_of": AS_OF}, auth=("x", TOKEN)).status_code == 200


def test_security_headers_on_every_response(client, guarded, tmp_path, monkeypatch):
    bad = tmp_path / "bad.yaml"
    bad.write_text("review: [", encoding="utf-8")
    responses = [client.get("/"), client.get("/rules"), client.get("/static/web.css"), client.get("/nope"),
                 client.get("/check"), check(client, BOLTON), check(client, bad), guarded.get("/"),
                 client.post("/check", files={"plan": ("big.yaml", b"#" * (11 * 2**20))})]
    import checker.web.app as web_app

    def broken(*args, **kwargs):
        raise RuntimeError("Traceback-like detail that must not show")
    monkeypatch.setattr(web_app, "render", broken)
    responses.append(client.get("/"))
    assert [r.status_code for r in responses] == [200, 200, 200, 404, 405, 200, 422, 401, 413, 500]
    for response in responses:
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value, (response.status_code, name)
        assert "set-cookie" not in response.headers
    assert "must not show" not in responses[-1].text
    assert "Content-Security-Policy" not in responses[0].text and "<script" not in responses[5].text


def test_plan_text_is_escaped_on_the_page(client, tmp_path):
    plan = tmp_path / "x.yaml"
    plan.write_text(BOLTON.read_text(encoding="utf-8").replace("Adult A", "<script>alert(1)</script>"),
                    encoding="utf-8")
    response = check(client, plan)
    assert response.status_code == 200
    assert "<script>" not in response.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


# --- the command ---------------------------------------------------------------------------------------------

def test_serving_beyond_this_machine_without_a_token_exits_2(monkeypatch):
    monkeypatch.delenv("DHR_CHECK_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--config", str(CONFIG)])
    assert result.exit_code == 2
    assert "--token" in result.output and "DHR_CHECK_TOKEN" in result.output


def test_serve_prints_its_address_and_answers(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO), "DHR_CHECK_TOKEN": ""}
    env.pop("DHR_CHECK_TOKEN")
    server = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--port", "0", "--config", str(CONFIG)],
                              cwd=tmp_path, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = server.stderr.readline()
        match = re.fullmatch(r"dhr-check serve: http://127\.0\.0\.1:(\d+)/\n", line)
        assert match, line
        import httpx2
        with httpx2.Client(trust_env=False, timeout=30) as http:
            response = http.get(f"http://127.0.0.1:{match.group(1)}/")
        assert response.status_code == 200 and response.headers["content-security-policy"]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert server.returncode == 0


def test_settings_given_by_a_relative_path_serve_checks_whose_provenance_is_the_clis(tmp_path):
    """`dhr-check serve --config plans/dhr-check.yaml`, as the README says to start it: each check runs in a
    private folder, where that relative path means nothing, yet the check must work and record the settings
    as `dhr-check check --config plans/dhr-check.yaml` does."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("DHR_CHECK_TOKEN", None)
    relative = str(CONFIG.relative_to(REPO))
    server = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--port", "0", "--config", relative],
                              cwd=REPO, stderr=subprocess.PIPE, text=True, env=env)
    try:
        match = re.fullmatch(r"dhr-check serve: http://127\.0\.0\.1:(\d+)/\n", server.stderr.readline())
        assert match
        import httpx2
        with httpx2.Client(trust_env=False, timeout=60) as http:
            fields = {"plan_name": BOLTON.name, "plan_data": base64.b64encode(BOLTON.read_bytes()).decode(),
                      "as_of": "2026-03-31", "format": "json"}   # what the result page's download form sends
            response = http.post(f"http://127.0.0.1:{match.group(1)}/download",
                                 files={name: (None, value) for name, value in fields.items()})
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert response.status_code == 200, response.text[:2000]
    page = json.loads(response.content)
    (tmp_path / BOLTON.name).write_bytes(BOLTON.read_bytes())
    cli = subprocess.run([sys.executable, "-m", "checker", "check", BOLTON.name, "--as-of", "2026-03-31",
                          "--config", str(CONFIG), "--format", "json"], cwd=tmp_path, capture_output=True,
                         env=env, timeout=120)
    expected = json.loads(cli.stdout)
    assert [f["rule"] for f in page["findings"]] == [f["rule"] for f in expected["findings"]]
    files = page["provenance"]["settings_files"]
    assert [(f["role"], f["file"], f["sha256"]) for f in files] == \
        [(f["role"], os.path.relpath(f["file"], REPO), f["sha256"]) for f in expected["provenance"]["settings_files"]]


def test_rules_page_nests_what_a_rule_checks_as_lists_not_dashes(client):
    """`rules show` prints an outline with dashes; the page shows the same outline as nested lists."""
    from checker.config import load_settings
    from checker.explain import describe_rule

    response = client.get("/rules")
    section = response.text.split('data-rule="DHR-RAMA-001"', 1)[1].split("</section>", 1)[0]
    checks = section.split('<ul class="checks">', 1)[1]
    items = [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>([^<]*)", checks)]
    lines = describe_rule(next(r for r in load_settings(CONFIG).rules if r.id == "DHR-RAMA-001"))
    assert items == [line.strip().removeprefix("- ") for line in lines]
    assert not any(item.startswith("-") for item in items)
    assert "Red when:<ul><li>" in checks and "any of these holds:<ul><li>" in checks   # two levels deep
