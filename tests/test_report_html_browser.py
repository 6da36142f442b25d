"""The HTML report as a board member sees it: rendered by headless Chromium, checked on the DOM, photographed.

Skipped only when Chromium is not installed (Debian's `chromium` package; `.ci/run` installs it), and
not even then when DHR_REQUIRE_CHROMIUM=1, so a CI run cannot pass without having rendered the report.
"""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser

import pytest

from checker.findings import split_message
from checker.rag_scale import RAG_RANK

from .browser import CHROMIUM, MISSING, REQUIRED, dump_dom, screenshot
from .common import REPO
from .reporting import AS_OF, run, write_plan

pytestmark = pytest.mark.skipif(CHROMIUM is None and not REQUIRED, reason=MISSING)

INJECTED = ("<script>document.body.setAttribute('data-pwned', 'yes'); document.title = 'pwned'</script>"
            "</textarea><img src=x onerror=\"document.title='pwned'\">")
HOSTILE_PLAN = f"""
review: {{subject: Adult Q, community_safety_partnership: Testshire}}
recommendations:
  - number: 1
    text: t
    actions:
      - number: 1
        description: {json.dumps("Publish the directory. " + INJECTED)}
        lead_agency: Testshire Council
        self_rag: green
"""
VOID = {"meta", "link", "br", "img", "input", "hr", "col", "area", "base", "wbr", "source", "rect"}


class _Dom(HTMLParser):
    """Text under every element that has an id; every tag, attribute and internal link."""

    def __init__(self):
        super().__init__()
        self.open: list[str | None] = []
        self.text_by_id: dict[str, list[str]] = {}
        self.tags: list[str] = []
        self.attributes: dict[str, str] = {}
        self.links: list[str] = []
        self.title = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        self.attributes.update({name: value for name, value in attrs.items()})
        if tag == "a" and (attrs.get("href") or "").startswith("#"):
            self.links.append(attrs["href"][1:])
        if tag in VOID:
            return
        self.open.append(attrs.get("id"))
        if attrs.get("id"):
            self.text_by_id[attrs["id"]] = []

    def handle_endtag(self, tag):
        if tag not in VOID and self.open:
            self.open.pop()

    def handle_data(self, data):
        if self.tags and self.tags[-1] == "title":
            self.title += data
        for element in self.open:
            if element:
                self.text_by_id[element].append(data)

    def text(self, element: str) -> str:
        return " ".join("".join(self.text_by_id[element]).split())


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    if CHROMIUM is None:
        pytest.fail(f"DHR_REQUIRE_CHROMIUM=1 asks for the browser test to run. {MISSING}.")
    folder = tmp_path_factory.mktemp("browser")
    plans = folder / "plans"
    shutil.copytree(REPO / "plans", plans, ignore=shutil.ignore_patterns("dhr-check.yaml", "waivers.yaml"))
    write_plan(plans, HOSTILE_PLAN, "hostile.yaml")
    page = folder / "report.html"
    code, _out, err = run("check", str(plans), "--as-of", AS_OF, "--output", str(page), "--output",
                          str(folder / "report.json"))
    assert code == 1, err
    dom = _Dom()
    dom.feed(dump_dom(page, folder / "profile"))
    result = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    return folder, page, dom, result


def test_summary_counts_at_a_glance(rendered):
    _folder, _page, dom, result = rendered
    actions = [a for plan in result["plans"] for rec in plan["recommendations"] for a in rec["actions"]]
    assert dom.text("glance-plans").startswith(f"Plans {len(result['plans'])} ")
    assert dom.text("glance-actions").startswith(f"Actions {len(actions)} ")
    red = sum(1 for f in result["findings"] if f["rag"] == "red")
    assert dom.text("glance-findings").startswith(f"Findings {len(result['findings'])} red {red} ")
    assert dom.text("as-of") == "As of 31 March 2026"


def test_rag_gaps_come_before_the_detail(rendered):
    _folder, _page, dom, result = rendered
    order = [element for element in dom.text_by_id if element in ("rag-gaps", "by-plan", "provenance")]
    assert order == ["rag-gaps", "by-plan", "provenance"]
    gaps = [a for p in result["plans"] for r in p["recommendations"] for a in r["actions"]
            if a["self_rag"] is not None and RAG_RANK[a["self_rag"]] < RAG_RANK[a["rag"]]]
    assert dom.text("headline").split("; ")[1].startswith(f"{len(gaps)} actions self-assessed better")


def test_every_finding_is_present_and_every_link_lands(rendered):
    _folder, _page, dom, result = rendered
    finding_elements = [element for element in dom.text_by_id if element.startswith("finding-")]
    assert len(finding_elements) == len(result["findings"])
    texts = {dom.text(element) for element in finding_elements}
    for finding in result["findings"]:
        found, advice = split_message(finding["message"])
        assert any(text.startswith(f"{finding['rag'].upper()}{' WAIVED' if finding['waived'] else ''} {found}")
                   and advice in text and finding["rule"] in text for text in texts), finding["id"]
    assert not any(finding["id"] in text for text in texts for finding in result["findings"])   # no internal ids
    assert dom.links and set(dom.links) <= set(dom.text_by_id)


def test_injected_script_did_not_run(rendered):
    _folder, _page, dom, _result = rendered
    assert "script" not in dom.tags and "img" not in dom.tags
    assert "data-pwned" not in dom.attributes and "onerror" not in dom.attributes
    assert "pwned" not in dom.title and dom.title.startswith("DHR action plan assurance report")
    description = next(element for element in dom.text_by_id if element.endswith("testshire-adult-q-r1-a1"))
    assert "<script>document.body.setAttribute('data-pwned', 'yes')" in dom.text(description)


def test_screenshot(rendered):
    folder, page, _dom, _result = rendered
    png = folder / "report.png"
    screenshot(page, png, folder / "profile-shot")
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000
