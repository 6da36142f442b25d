"""Read a YAML file safely into plain data, keeping the line and column of every node.

Plans and rules are both read here. Only safe YAML is accepted (the libyaml C
parser when it is installed); duplicate keys, several documents, non-UTF-8
bytes, a document that is not a mapping, over-large files and runaway alias
expansion are all reported as a `Problem` at file:line:col, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem
from .files import open_regular

__all__ = ["Document", "Position", "read_yaml", "parse_yaml", "MAX_FILE_BYTES", "MAX_NODES", "MAX_DEPTH",
           "PLAN_SUFFIXES"]

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

Position = tuple[int, int]
Path_ = tuple[Any, ...]


@dataclass
class Document:
    """A parsed YAML document: plain data plus where each part of it was written."""

    file: str
    data: Any
    positions: dict[Path_, Position]
    sha256: str = ""              # of the bytes read, for provenance

    def position(self, path: Path_) -> Position:
        """Line and column of the node at `path`, or of its nearest written ancestor."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))


def read_yaml(path: Path | str, display_name: str | None = None, max_nodes: int = MAX_NODES) -> Document:
    """Read and parse one YAML file of at most `max_nodes` values. Raises `YamlProblem` on any defect."""
    name = display_name or str(path)
    try:
        with open_regular(path) as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise _too_big(name, size)
            raw = stream.read(MAX_FILE_BYTES + 1)     # never more, even if the file grows meanwhile
    except OSError as error:
        raise YamlProblem(Problem(name, 1, 1, f"cannot read the file: {error.strerror or error}.")) from None
    return parse_yaml(raw, name, max_nodes)


def _too_big(name: str, size: int) -> "YamlProblem":
    return YamlProblem(Problem(name, 1, 1, f"the file is {size:,} bytes; files over {MAX_FILE_BYTES:,} bytes "
                                           "are refused. Split it into one file per plan."))


class YamlProblem(Exception):
    """Raised by this module; carries one `Problem`."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def parse_yaml(raw: bytes, name: str, max_nodes: int = MAX_NODES) -> Document:
    """Parse YAML bytes (at most `max_nodes` values, aliases counted as often as used). Raises `YamlProblem`."""
    if len(raw) > MAX_FILE_BYTES:
        raise _too_big(name, len(raw))
    text = _decode(raw, name)
    _refuse_outsized(text, name, max_nodes)
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
        raise YamlProblem(Problem(name, 1, 1, "the file is empty. Write the plan as a YAML mapping, "
                                  "starting with 'review:'."))
    if len(nodes) > 1:
        mark = nodes[1].start_mark
        raise YamlProblem(Problem(name, mark.line + 1, mark.column + 1,
                                  "the file holds more than one YAML document ('---'). "
                                  "Put each plan in a file of its own."))
    root = nodes[0]
    if not isinstance(root, yaml.MappingNode):
        mark = root.start_mark
        raise YamlProblem(Problem(name, mark.line + 1, mark.column + 1,
                                  "the file must be a YAML mapping of names to values "
                                  "(for example 'review: ...'), not a list or a single value."))
    builder = _Builder(name, max_nodes)
    data = builder.build(root, ())
    return Document(name, data, builder.positions, hashlib.sha256(raw).hexdigest())


def _refuse_outsized(text: str, name: str, max_nodes: int) -> None:
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
                    raise YamlProblem(_problem_at(name, event, _too_many(max_nodes)))
            if isinstance(event, yaml.CollectionStartEvent):
                open_collections.append([isinstance(event, yaml.MappingStartEvent), True])
                if len(open_collections) > MAX_DEPTH:
                    raise YamlProblem(_problem_at(name, event, _too_deep()))
    except yaml.YAMLError:
        return  # not valid YAML: composing it reports where, as for any other file


def _problem_at(name: str, event: yaml.Event, message: str) -> Problem:
    return Problem(name, event.start_mark.line + 1, event.start_mark.column + 1, message)


def _too_many(max_nodes: int) -> str:
    return (f"the file holds more than {max_nodes:,} values (too many, or aliases ('*name') repeated many "
            "times). Split it into one file per plan, and write aliases out in full.")


def _tag_not_allowed(tag: str) -> str:
    return (f"the tag '{tag}' is not allowed; plans hold plain text, numbers, dates, true/false, lists and "
            "mappings only.")


def _too_deep() -> str:
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


_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in
               ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")}


class _Builder:
    """Turns a composed node tree into plain data, recording positions and rejecting duplicates."""

    def __init__(self, name: str, max_nodes: int = MAX_NODES):
        self.name = name
        self.max_nodes = max_nodes
        self.positions: dict[Path_, Position] = {}
        self.nodes_built = 0
        self.scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.nodes_built += 1
        if self.nodes_built > self.max_nodes:
            raise YamlProblem(self._problem(node, _too_many(self.max_nodes)))
        if len(path) > MAX_DEPTH:   # also stops an alias that refers to itself ('&a [*a]')
            raise YamlProblem(self._problem(node, _too_deep()))
        self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag not in _PLAIN_TAGS:
            raise YamlProblem(self._problem(node, _tag_not_allowed(node.tag)))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(self._problem(key_node, "merge keys ('<<') are not supported in plans. "
                                                "Write the values out in full."))
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(self._problem(key_node, "a key must be a plain name, not a list or mapping."))
            if key_node.tag not in _PLAIN_TAGS:
                raise YamlProblem(self._problem(key_node, _tag_not_allowed(key_node.tag)))
            key = self._scalar(key_node)
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                key = key_node.value
            if key in result:
                first = self.positions[path + (key,)][0]
                raise YamlProblem(self._problem(key_node, f"'{key}' is given twice in the same mapping "
                                                f"(first on line {first}). Keep one and delete the other."))
            self.positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, path + (key,))
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _STR:          # most values are plain text: no need for the constructor
            return node.value
        try:
            value = self.scalars.yaml_constructors[node.tag](self.scalars, node)
        except (yaml.constructor.ConstructorError, ValueError, OverflowError) as error:
            problem = getattr(error, "problem", None) or str(error)
            raise YamlProblem(self._problem(node, f"cannot read this value ({problem}). "
                                            "Dates are written as YYYY-MM-DD, e.g. 2016-01-31.")) from None
        if isinstance(value, (bytes, set)) or (isinstance(value, float) and value != value):
            raise YamlProblem(self._problem(node, "this kind of value is not allowed in a plan; "
                                            "write plain text, a whole number, true/false or a date."))
        if isinstance(value, dt.datetime):
            return value  # left for the model to reject with a message about dates
        return value

    def _problem(self, node: yaml.Node, message: str) -> Problem:
        return Problem(self.name, node.start_mark.line + 1, node.start_mark.column + 1, message)
