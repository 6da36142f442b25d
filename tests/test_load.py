"""The YAML loader: safe parsing, positions, and a clear file:line:col problem for every defect."""

from __future__ import annotations

import pytest

from checker.load import MAX_FILE_BYTES, YamlProblem, parse_yaml


def problem(raw: bytes):
    with pytest.raises(YamlProblem) as caught:
        parse_yaml(raw, "p.yaml")
    return caught.value.problem


def test_positions_are_one_based_lines_and_columns_of_each_node():
    doc = parse_yaml(b"review:\n  subject: A\nrecommendations:\n  - number: 1\n    text: t\n", "p.yaml")
    assert doc.position(("review", "subject")) == (2, 3)
    assert doc.position(("recommendations", 0)) == (4, 5)
    assert doc.position(("recommendations", 0, "text")) == (5, 5)
    assert doc.position(("recommendations", 0, "missing_field")) == (4, 5)   # nearest written ancestor


def test_duplicate_key_names_both_lines():
    p = problem(b"review:\n  subject: A\n  subject: B\n")
    assert (p.line, p.column) == (3, 3)
    assert "'subject' is given twice" in p.message and "first on line 2" in p.message


def test_non_utf8_bytes_point_at_the_byte():
    p = problem(b"review:\n  subject: caf\xe9\n")
    assert (p.line, p.column) == (2, 15)
    assert "not UTF-8" in p.message


def test_a_list_document_is_refused():
    assert "not a mapping" in problem(b"- a\n- b\n").message


def test_several_documents_are_refused_at_the_second():
    p = problem(b"review: {}\n---\nreview: {}\n")
    assert p.line == 3 and "more than one YAML document" in p.message


def test_empty_file():
    assert "empty" in problem(b"").message
    assert "empty" in problem(b"# only a comment\n").message


def test_syntax_error_has_line():
    p = problem(b"review:\n  subject: [unclosed\n")
    assert p.line >= 2 and "not valid YAML" in p.message


def test_alias_expansion_is_bounded():
    bomb = b"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefgh":
        prev = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n".encode()
    assert "aliases" in problem(bomb).message


def test_python_tags_are_not_constructed():
    p = problem(b"review: !!python/object/apply:os.system ['echo hi']\n")
    assert (p.line, p.column) == (1, 9) and "'!!python/object/apply:os.system'" in p.message
    assert "not allowed" in problem(b"review: !custom 3\n").message


def test_oversized_input_is_refused_before_parsing():
    assert "refused" in problem(b"#" * (MAX_FILE_BYTES + 1)).message


def test_byte_order_mark_is_accepted():
    assert parse_yaml(b"\xef\xbb\xbfreview: {}\n", "p.yaml").data == {"review": {}}
