"""Read a YAML file safely into plain data, keeping the line and column of every node.

Plans and rules are both read here. Only safe YAML is accepted (the libyaml C
parser when it is installed); duplicate keys, several documents, non-UTF-8
bytes, a document that is not a mapping, over-large files and runaway alias
expansion are all reported as a `Problem` at file:line:col, never a traceback.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from .errors import Problem, YamlProblem
from .files import open_regular

__all__ = ["Document", "Position", "FileKind", "read_yaml", "parse_yaml", "MAX_FILE_BYTES", "MAX_NODES",
           "MAX_DEPTH", "PLAN_SUFFIXES", "PLAN", "SETTINGS", "RULE", "RULE_TEST", "WAIVERS", "COLUMN_MAP", "ANY_FILE"]

try:  # the C parser is several times faster; fall back to pure Python when absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

PLAN_SUFFIXES = (".yaml", ".yml")
"""Files with these endings are read as YAML plans; other forms go through the importers."""

MAX_FILE_BYTES = 10 * 1024 * 1024
"""A plan is a few hundred KB at most; anything larger is refused, not parsed."""

MAX_NODES = 200_000
"""Bound on nodes built (aliases count each time they are expanded)."""

MAX_DEPTH = 64
"""Bound on nesting: a plan nests seven levels deep. libyaml's composer recurses in C and crashes the
process some 30,000 levels down, so a file that might nest that deep is measured before it is composed."""

_MAY_NEST_DEEPLY = 1_000
"""A file with fewer flow brackets than this, and no line opening with as many spaces or block indicators,
cannot nest more than a few thousand levels (safe to compose); others are measured first."""
_DEEP_LINE = re.compile(r"^[ \t?:-]{%d}" % _MAY_NEST_DEEPLY, re.MULTILINE)
_BRACKET = re.compile(r"[\[\]{}]")

Position = tuple[int, int]
Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class FileKind:
    """What a YAML file is meant to hold, so that a message about it speaks of a plan, a rule or settings."""

    noun: str                   # "plan", "rule", "settings file"
    start: str = ""             # the key such a file starts with, e.g. "review:"
    split: str = ""             # what to do with a file that is too big or holds several documents
    if_empty: str = ""          # what else to do with an empty file

    def write_as(self) -> str:
        start = f", starting with '{self.start}'" if self.start else ""
        return f"Write the {self.noun} as a YAML mapping of names to values{start}."


PLAN = FileKind("plan", "review:", "Put each plan in a file of its own.")
SETTINGS = FileKind("settings file", "extends:", "Keep one set of settings in the file.",
                    "To use the default rules and settings, delete the file.")
RULE = FileKind("rule", "id:", "Put each rule in a file of its own.")
RULE_TEST = FileKind("rule test case", "review:", "Separate the cases with a line holding only '---'.")
WAIVERS = FileKind("waivers file", "waivers:", "Keep all the waivers in one list under 'waivers:'.")
COLUMN_MAP = FileKind("column mapping file", "columns:", "Keep one mapping in the file.")
ANY_FILE = FileKind("file", "", "Keep one YAML document in the file.")


@dataclass
class Document:
    """A parsed YAML document: plain data plus where each part of it was written."""

    file: str
    data: Any
    positions: dict[Path_, Position]
    sha256: str = ""              # of the bytes read, for provenance
    written: dict[Path_, str] = field(default_factory=dict)
    """Each number as the file writes it ('5.10', '007'), so identifiers keep the text the author typed."""

    def as_written(self, paths) -> Any:
        """The data, with the number at each of `paths` replaced by its text as written ('5.10', not 5.1)."""
        written = {tuple(path): self.written[tuple(path)] for path in paths if tuple(path) in self.written}
        if not written:
            return self.data
        data = copy.deepcopy(self.data)
        for path, text in written.items():
            parent = data
            for part in path[:-1]:
                parent = parent[part]
            parent[path[-1]] = text
        return data

    def position(self, path: Path_) -> Position:
        """Line and column of the node at `path`, or of its nearest written ancestor."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))


def read_yaml(path: Path | str, display_name: str | None = None, max_nodes: int = MAX_NODES,
              kind: FileKind = ANY_FILE) -> Document:
    """Read and parse one YAML file of at most `max_nodes` values. Raises `YamlProblem` on any defect."""
    name = display_name or str(path)
    try:
        with open_regular(path) as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise _too_big(name, size, kind)
            raw = stream.read(MAX_FILE_BYTES + 1)     # never more, even if the file grows meanwhile
    except OSError as error:
        raise YamlProblem(Problem(name, 1, 1, f"cannot read the file: {error.strerror or error}.")) from None
    return parse_yaml(raw, name, max_nodes, kind)


def _too_big(name: str, size: int, kind: FileKind) -> "YamlProblem":
    return YamlProblem(Problem(name, 1, 1, f"the file is {size:,} bytes; files over {MAX_FILE_BYTES:,} bytes "
                                           f"are refused. {kind.split}"))


def parse_yaml(raw: bytes, name: str, max_nodes: int = MAX_NODES, kind: FileKind = ANY_FILE) -> Document:
    """Parse YAML bytes (at most `max_nodes` values, aliases counted as often as used). Raises `YamlProblem`."""
    if len(raw) > MAX_FILE_BYTES:
        raise _too_big(name, len(raw), kind)
    text = _decode(raw, name)
    _refuse_outsized(text, name, max_nodes, kind)
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = error.problem or error.context or "invalid YAML"
        raise YamlProblem(Problem(name, line, column, f"this is not valid YAML ({what}). "
                                  "Check the indentation and quoting on this line and the one before.")) from None
    except yaml.YAMLError as error:  # e.g. reader errors on control characters
        raise YamlProblem(Problem(name, 1, 1, f"this is not valid YAML ({error}).")) from None
    if not nodes or nodes[0] is None:
        raise YamlProblem(Problem(name, 1, 1, f"the file is empty or holds only comments. {kind.write_as()}"
                                              + (f" {kind.if_empty}" if kind.if_empty else "")))
    if len(nodes) > 1:
        mark = nodes[1].start_mark
        raise YamlProblem(Problem(name, mark.line + 1, mark.column + 1,
                                  f"the file holds more than one YAML document ('---'). {kind.split}"))
    root = nodes[0]
    if not isinstance(root, yaml.MappingNode):
        mark = root.start_mark
        raise YamlProblem(Problem(name, mark.line + 1, mark.column + 1,
                                  f"this is a list or a single value, not a mapping. {kind.write_as()}"))
    builder = _Builder(name, max_nodes, kind)
    data = builder.build(root, ())
    return Document(name, data, builder.positions, hashlib.sha256(raw).hexdigest(), builder.written)


def _refuse_outsized(text: str, name: str, max_nodes: int, kind: FileKind) -> None:
    """Raise `YamlProblem` if `text` nests deeper than `MAX_DEPTH` or holds more than `max_nodes` values.

    Composing builds every node before any can be counted, and libyaml's composer recurses in C, so
    a file that a cheap count cannot clear is first measured with libyaml's parser, which is
    iterative and stops at the first event past a limit.
    """
    # Every value follows one of these (a collection and its first item may share one), so a file with
    # few of them cannot hold many values.
    separators = sum(map(text.count, ("\n", ",", ":", "-", "?", "[", "{")))
    flow = text.count("[") + text.count("{")
    if 2 * separators + 1 <= max_nodes and flow < _MAY_NEST_DEEPLY and not _DEEP_LINE.search(text):
        return
    nodes = 0
    open_collections: list[list[bool]] = []     # per open collection: [is a mapping, next node is a key]
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionEndEvent):
                open_collections.pop()
                continue
            if not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)):
                continue
            parent = open_collections[-1] if open_collections else None
            is_key = parent is not None and parent[0] and parent[1]
            if parent is not None and parent[0]:
                parent[1] = not parent[1]
            if not is_key:                      # values are counted as the builder counts them; keys are not
                nodes += 1
                if nodes > max_nodes:
                    raise YamlProblem(_problem_at(name, event, _too_many(max_nodes, kind)))
            if isinstance(event, yaml.CollectionStartEvent):
                open_collections.append([isinstance(event, yaml.MappingStartEvent), True])
                if len(open_collections) > MAX_DEPTH:
                    raise YamlProblem(_problem_at(name, event, _too_deep(kind)))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        if mark is not None and _nested_too_deep_before(text, mark.index):
            # libyaml (0.2.6 and later) has a nesting limit of its own, reached while scanning ahead of
            # the events above: say what is wrong in our words, whatever libyaml's version says.
            raise YamlProblem(Problem(name, mark.line + 1, mark.column + 1, _too_deep(kind))) from None
        return  # not valid YAML: composing it reports where, as for any other file
    except yaml.YAMLError:
        return


def _nested_too_deep_before(text: str, end: int) -> bool:
    """Whether the text before `end` opens more than `MAX_DEPTH` flow brackets, or indents its last line so.

    A rough count (brackets inside quotes count too), used only on text the parser has already refused.
    """
    depth = deepest = 0
    for bracket in _BRACKET.finditer(text, 0, end):
        depth += 1 if bracket.group() in "[{" else -1
        deepest = max(deepest, depth)
    last_line = text[text.rfind("\n", 0, end) + 1:end]
    indent = len(last_line) - len(last_line.lstrip(" \t?:-"))
    return deepest > MAX_DEPTH or indent > 2 * MAX_DEPTH


def _problem_at(name: str, event: yaml.Event, message: str) -> Problem:
    mark = event.start_mark
    if mark is None:   # events from libyaml's parser always carry one
        return Problem(name, 1, 1, message)
    return Problem(name, mark.line + 1, mark.column + 1, message)


def _too_many(max_nodes: int, kind: FileKind) -> str:
    return (f"the file holds more than {max_nodes:,} values (too many, or aliases ('*name') repeated many "
            f"times). {kind.split} Write aliases out in full.")


def _tag_not_allowed(tag: str, kind: FileKind) -> str:
    return (f"the tag '{_short_tag(tag)}' is not allowed; a {kind.noun} holds plain text, numbers, dates, "
            "true/false, lists and mappings only. Remove the tag.")


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else tag


def _too_deep(kind: FileKind) -> str:
    return (f"lists and mappings are nested more than {MAX_DEPTH} levels deep here (a plan needs seven). "
            "Check the brackets and indentation, and write aliases ('*name') out in full.")


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(Problem(name, line, column,
                                  f"byte 0x{raw[error.start]:02x} is not UTF-8 text. Save the file as UTF-8 "
                                  "(in Word or Excel: 'Save as', then choose UTF-8).")) from None


_YAML_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, _MAP, _SEQ, _MERGE = (
    _YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge"))
_VALUE = _YAML_TAG + "value"
_NUMBER_TAGS = {_INT, _FLOAT}
_SCALAR_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP}
_PLAIN_INT = re.compile(r"[-+]?[0-9]+")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_WHAT_TAG_HOLDS = {
    _INT: "a whole number written in plain digits, e.g. 12", _FLOAT: "a number written like 2.5",
    _BOOL: "true or false", _NULL: "nothing (null or ~)", _TIMESTAMP: "a date written YYYY-MM-DD, e.g. 2016-01-31",
}
_RESOLVER = yaml.resolver.Resolver()


def _implicit_tag(value: str) -> str:
    """The tag YAML gives a plain (unquoted, untagged) scalar written `value`."""
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))


class _Builder:
    """Turns a composed node tree into plain data, recording positions and rejecting duplicates.

    It reads what a person means rather than all of YAML 1.1: numbers in plain digits only (YAML would
    read `1:30` as 90, `0x1` as 1 and `010` as 8; here `010` is 10, and `1:30`, `0x1` and `1_0` are text),
    and a tag written by hand (`!!int`, `!!bool`, ...) must hold a value of that kind.
    """

    def __init__(self, name: str, max_nodes: int = MAX_NODES, kind: FileKind = ANY_FILE):
        self.name = name
        self.max_nodes = max_nodes
        self.kind = kind
        self.positions: dict[Path_, Position] = {}
        self.written: dict[Path_, str] = {}
        self.nodes_built = 0
        self.scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.nodes_built += 1
        if self.nodes_built > self.max_nodes:
            raise YamlProblem(self._problem(node, _too_many(self.max_nodes, self.kind)))
        if len(path) > MAX_DEPTH:   # also stops an alias that refers to itself ('&a [*a]')
            raise YamlProblem(self._problem(node, _too_deep(self.kind)))
        self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            self._expect_tag(node, _MAP, "a mapping")
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            self._expect_tag(node, _SEQ, "a list")
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        if node.tag in _NUMBER_TAGS:
            self.written[path] = node.value
        return self._scalar(cast(yaml.ScalarNode, node))   # neither mapping nor list: a scalar

    def _expect_tag(self, node: yaml.Node, tag: str, what: str) -> None:
        if node.tag == tag:
            return
        if node.tag in _SCALAR_TAGS or node.tag in (_MAP, _SEQ, _MERGE):
            raise YamlProblem(self._problem(node, f"the tag '{_short_tag(node.tag)}' is given to {what}; "
                                                  "remove the tag."))
        raise YamlProblem(self._problem(node, _tag_not_allowed(node.tag, self.kind)))

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                raise YamlProblem(self._problem(key_node, f"merge keys ('<<') are not supported in a "
                                                f"{self.kind.noun}. Write the values out in full."))
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(self._problem(key_node, "a key must be a plain name, not a list or mapping."))
            if key_node.tag not in _SCALAR_TAGS:
                raise YamlProblem(self._problem(key_node, _tag_not_allowed(key_node.tag, self.kind)))
            key = key_node.value          # a key is a name, as written: '42', 'yes' and '2016-01-01' stay text
            if key in result:
                first = self.positions[path + (key,)][0]
                raise YamlProblem(self._problem(key_node, f"'{key}' is given twice in the same mapping "
                                                f"(first on line {first}). Keep one and delete the other."))
            self.positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, path + (key,))
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR:               # most values are plain text: no need for the constructor
            return node.value
        if tag in (_MERGE, _VALUE) and node.style in (None, "") and _implicit_tag(node.value) == tag:
            return node.value         # a plain '<<' or '=' as a value is the text written, not YAML 1.1 syntax
        if tag not in _SCALAR_TAGS:
            if tag == _MERGE:
                raise YamlProblem(self._problem(node, f"merge keys ('<<') are not supported in a "
                                                      f"{self.kind.noun}. Write the values out in full."))
            if tag in (_MAP, _SEQ):
                raise YamlProblem(self._problem(node, f"the tag '{_short_tag(tag)}' is given to a single value; "
                                                      "remove the tag."))
            raise YamlProblem(self._problem(node, _tag_not_allowed(tag, self.kind)))
        value = node.value
        tagged = node.style not in (None, "") or _implicit_tag(value) != tag   # the tag was written by hand
        if tagged and _implicit_tag(value.strip()) != tag:
            raise YamlProblem(self._problem(node, self._not_what_tag_holds(node)))
        if tag == _INT and not _PLAIN_INT.fullmatch(value.strip()):
            if tagged:
                raise YamlProblem(self._problem(node, self._not_what_tag_holds(node)))
            return value              # 1:30, 0x1, 1_0: YAML 1.1 numbers nobody means; text, as written
        if tag == _INT:
            return int(value.strip(), 10)
        if tag == _FLOAT and not _PLAIN_FLOAT.fullmatch(value.strip()):
            if tagged:
                raise YamlProblem(self._problem(node, self._not_what_tag_holds(node)))
            return value              # 1_0.5, 1:30.5, .inf, .nan: text, as written
        try:
            return self.scalars.yaml_constructors[tag](self.scalars, node)
        except (yaml.constructor.ConstructorError, ValueError, OverflowError) as error:
            problem = getattr(error, "problem", None) or str(error)
            raise YamlProblem(self._problem(node, f"cannot read this value ({problem}). "
                                            "Dates are written as YYYY-MM-DD, e.g. 2016-01-31.")) from None

    def _not_what_tag_holds(self, node: yaml.ScalarNode) -> str:
        shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        return (f"the tag '{_short_tag(node.tag)}' needs {_WHAT_TAG_HOLDS[node.tag]}, not {shown!r}. "
                "Fix the value, or remove the tag.")

    def _problem(self, node: yaml.Node, message: str) -> Problem:
        return Problem(self.name, node.start_mark.line + 1, node.start_mark.column + 1, message)
