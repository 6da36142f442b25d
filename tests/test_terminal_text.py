"""Control characters from plans reach the terminal as visible escapes: no screen clearing, no forged lines.

JSON (and HTML) keep the text exactly as written; only what is meant for a terminal is made inert.
"""

from __future__ import annotations

import json
import re

from checker.report.escape import terminal_text

from .reporting import AS_OF, run, write_plan

# Clear the screen, set the window title, backspace over text, NUL, a carriage return that would overwrite
# the line, a C1 CSI, and a right-to-left override: each written in YAML's escapes.
HOSTILE = r"Adult \e[2JZ\e]0;owned\a\b\b\0\rGREEN \x9b31m \u202eZ"
SHOWN = r"Adult \x1b[2JZ\x1b]0;owned\x07\x08\x08\x00\x0dGREEN \x9b31m \u202eZ"
ACTS_ON = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

PLAN = f"""
review:
  subject: "{HOSTILE}"
  community_safety_partnership: Testshire
recommendations:
  - number: 1
    text: That agencies share information.
    addressed_to: Police
    actions:
      - number: 1
        description: "Train staff.\\e[2K"
        lead_agency: "Police\\e[8m"
        target_date: 2026-04-10
        status: in_progress
"""


def test_terminal_text_escapes_what_a_terminal_acts_on_and_nothing_else():
    assert terminal_text("\x1b[2J\x07\x08\x00\r\n\t\x7f\x9b\u2028\u202e\u2066") == (
        r"\x1b[2J\x07\x08\x00\x0d\x0a\x09\x7f\x9b\u2028\u202e\u2066")
    assert terminal_text("Café Łódź — 名前 ½ \\x1b") == "Café Łódź — 名前 ½ \\x1b"


def test_the_text_report_shows_control_characters_and_obeys_none(tmp_path):
    write_plan(tmp_path, PLAN)
    code, out, err = run("check", str(tmp_path / "plan.yaml"), "--as-of", AS_OF, "--due-within", "30")
    assert code in (0, 1), err
    assert not ACTS_ON.search(out)
    assert f"plan.yaml: {SHOWN} (Testshire)" in out
    assert r"Police\x1b[8m" in out and r"Train staff.\x1b[2K" in out
    code, out, err = run("check", str(tmp_path / "plan.yaml"), "--as-of", AS_OF, "--format", "json")
    subject = json.loads(out)["plans"][0]["subject"]      # JSON keeps the text exactly as written
    assert subject == "Adult \x1b[2JZ\x1b]0;owned\x07\x08\x08\x00\rGREEN \x9b31m \u202eZ"


def test_error_messages_show_keys_and_file_names_escaped(tmp_path):
    write_plan(tmp_path, 'review:\n  subject: Adult Z\n  community_safety_partnership: T\n  "x\\e[2J\\rplan.yaml: valid": 1\n')
    code, out, err = run("validate", str(tmp_path / "plan.yaml"))
    assert code == 2 and not ACTS_ON.search(err + out)
    assert r"x\x1b[2J\x0dplan.yaml: valid" in err
    bad_name = tmp_path / "a\x1b[2J.yaml"
    bad_name.write_text("review: [\n", encoding="utf-8")
    code, out, err = run("check", str(bad_name), "--as-of", AS_OF)
    assert code == 2 and not ACTS_ON.search(out + err)
    assert r"a\x1b[2J.yaml:" in out


def test_the_diff_text_report_shows_control_characters_escaped(tmp_path):
    write_plan(tmp_path, PLAN)
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    assert run("check", str(tmp_path / "plan.yaml"), "--as-of", "2025-12-31", "-o", str(old))[0] in (0, 1)
    assert run("check", str(tmp_path / "plan.yaml"), "--as-of", AS_OF, "-o", str(new))[0] in (0, 1)
    code, out, err = run("diff", str(old), str(new))
    assert code == 0, err
    assert not ACTS_ON.search(out) and r"staff.\x1b[2K" in out
