"""Read a YAML list of records, keeping the 1-based line of each record and key.

Dates are left as strings (the models parse them), so an impossible date such
as ``2026-02-30`` becomes a located problem instead of a crash in the parser.
Duplicate keys in a mapping, which YAML parsers silently collapse, are reported.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from geo.problems import Problem

_NO_TIMESTAMPS = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _PyLoader(yaml.SafeLoader):
    """Safe loader without the implicit timestamp type (dates stay strings)."""

    yaml_implicit_resolvers = _NO_TIMESTAMPS


class _CLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same on libyaml's parser when PyYAML has it (several times faster)."""

    yaml_implicit_resolvers = _NO_TIMESTAMPS


@dataclass(frozen=True)
class RawRecord:
    """One mapping of a YAML list, as written, with where it was written.

    Parameters
    ----------
    line : 1-based line where the record starts.
    data : the mapping, with plain Python values (dates as strings).
    node : the YAML node, used to locate nested keys with :meth:`line_of`.
    """

    line: int
    data: dict[str, Any]
    node: yaml.Node = field(repr=False, compare=False)

    def line_of(self, *path: str | int) -> int:
        """Return the line of the value at ``path`` (keys, list indexes) or its closest parent.

        A key is located on its own line; a list item where it starts.
        """
        node, line = self.node, self.line
        for step in path:
            found = _child(node, step)
            if found is None:
                break
            line, node = found
        return line


def _child(node: yaml.Node, step: str | int) -> tuple[int, yaml.Node] | None:
    """Return the line and value node of ``step`` (a mapping key or a sequence index)."""
    if isinstance(node, yaml.MappingNode) and isinstance(step, str):
        for key, value in node.value:
            if key.value == step:
                return key.start_mark.line + 1, value
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int):
        if 0 <= step < len(node.value):
            item = node.value[step]
            return item.start_mark.line + 1, item
    return None


def repeated_keys(node: yaml.Node) -> list[tuple[str, int, int]]:
    """Find keys given twice in one mapping, at any depth: (key, line, first line)."""
    found: list[tuple[str, int, int]] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                line = key.start_mark.line + 1
                if key.value in seen:
                    found.append((key.value, line, seen[key.value]))
                else:
                    seen[key.value] = line
            if not isinstance(value, yaml.ScalarNode):
                found.extend(repeated_keys(value))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if not isinstance(item, yaml.ScalarNode):
                found.extend(repeated_keys(item))
    return found


def read_records(path: Path, file: str | None = None) -> tuple[list[RawRecord], list[Problem]]:
    """Read ``path`` as a YAML list of mappings.

    Parameters
    ----------
    path : the YAML file.
    file : the name to use in problems (default: ``path`` as given).

    Returns
    -------
    The records that are mappings, and the problems found (syntax errors,
    a top level that is not a list, items that are not mappings). Keys given
    twice within a record are for the caller to report (``repeated_keys``).
    An empty file holds no records and no problems.
    """
    file = file if file is not None else str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return [], [Problem(file, None, "file not found")]
    except OSError as exc:
        return [], [Problem(file, None, f"cannot read file: {exc.strerror or exc}")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return [], [Problem(file, line, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    try:
        with gc_paused():
            return _read(_CLoader(text), file)
    except yaml.MarkedYAMLError:
        # Parse again in pure Python: its messages are the clearer, stable ones.
        try:
            return _read(_PyLoader(text), file)
        except yaml.MarkedYAMLError as exc:
            return [], [_syntax_problem(exc, file)]
        except yaml.YAMLError as exc:
            return [], [Problem(file, None, f"YAML error: {exc}")]
    except yaml.YAMLError as exc:
        return [], [Problem(file, None, f"YAML error: {exc}")]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    Composing a large file makes hundreds of thousands of nodes, none of them
    garbage, and the collector rescans them over and over: pausing it makes
    reading a 10,000-claim file about three times faster. It is switched back on
    only if it was on.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str) -> Problem:
    """Turn a YAML syntax error into a problem on its line."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    return Problem(file, line, f"YAML syntax error: {exc.problem or exc.context or 'invalid YAML'}")


def _read(loader: yaml.SafeLoader, file: str) -> tuple[list[RawRecord], list[Problem]]:
    """Compose the document and construct each top-level item on its own."""
    try:
        root = loader.get_single_node()
        if root is None:
            return [], []
        if not isinstance(root, yaml.SequenceNode):
            kind = "a mapping" if isinstance(root, yaml.MappingNode) else "a single value"
            line = root.start_mark.line + 1
            return [], [
                Problem(file, line, f"expected a list of records ('- id: ...'), found {kind}")
            ]
        records: list[RawRecord] = []
        problems: list[Problem] = []
        for item in root.value:
            line = item.start_mark.line + 1
            if not isinstance(item, yaml.MappingNode):
                problems.append(Problem(file, line, "list item is not a mapping of fields"))
                continue
            try:
                data = _plain(item, loader, set())
            except _Unusual:
                data = loader.construct_object(item, deep=True)
            records.append(RawRecord(line, data, item))
        return records, problems
    finally:
        loader.dispose()


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
#: Scalar tags other than str that the fast path builds with PyYAML's own constructors.
_SCALARS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float"))


class _Unusual(Exception):
    """A node the fast path leaves to PyYAML's constructor (merge keys, tags, loops...)."""


def _plain(node: yaml.Node, loader: yaml.SafeLoader, open_nodes: set[int]) -> Any:
    """Build the Python value of a node of plain data: maps, lists, str, numbers, bools, null.

    The same values as ``loader.construct_object(node, deep=True)``, several times
    faster: PyYAML's generic constructor dominates the loading of large files.
    Anything else (explicit tags, merge keys, unhashable keys, recursive
    aliases) raises ``_Unusual`` so that the caller uses PyYAML's constructor,
    errors included.
    """
    kind, tag = type(node), node.tag
    if kind is yaml.ScalarNode:
        if tag == _STR:
            return node.value
        if tag in _SCALARS:
            return loader.yaml_constructors[tag](loader, node)
        raise _Unusual
    if id(node) in open_nodes:
        raise _Unusual
    open_nodes.add(id(node))
    if kind is yaml.SequenceNode and tag == _SEQ:
        value: Any = [_plain(item, loader, open_nodes) for item in node.value]
    elif kind is yaml.MappingNode and tag == _MAP:
        value = {}
        for key, item in node.value:
            if type(key) is not yaml.ScalarNode:
                raise _Unusual
            value[_plain(key, loader, open_nodes)] = _plain(item, loader, open_nodes)
    else:
        raise _Unusual
    open_nodes.discard(id(node))
    return value
