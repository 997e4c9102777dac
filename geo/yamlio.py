"""Read a YAML list of records, keeping the 1-based line of each record and key.

Dates are left as strings (the models parse them), so an impossible date such
as ``2026-02-30`` becomes a located problem instead of a crash in the parser.
Duplicate keys in a mapping, which YAML parsers silently collapse, are reported.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from geo.bidi import has_controls, unbalanced
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
    a top level that is not a list, items that are not mappings, nesting
    deeper than :data:`MAX_DEPTH`, aliases that expand beyond the file's own
    size, control characters in text). Keys given twice within a record are for
    the caller to report (``repeated_keys``). An empty file holds no records
    and no problems.
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
        return _parse(text, file)
    except yaml.MarkedYAMLError as exc:
        return [], [_syntax_problem(exc, file)]
    except yaml.YAMLError as exc:
        return [], [_yaml_problem(exc, file, text)]
    except _Refused as exc:
        return [], [Problem(file, exc.line, exc.message)]


def _parse(text: str, file: str) -> tuple[list[RawRecord], list[Problem]]:
    """Read with libyaml; on an error read again in pure Python for its clearer message."""
    try:
        with gc_paused():
            return _read(_CLoader(text), file, text)
    except yaml.MarkedYAMLError as fast_error:
        if "nesting depth" in str(fast_error.problem):  # libyaml's own limit (1,000 levels)
            raise _Refused(_mark_line(fast_error), _TOO_DEEP) from None
        try:
            return _read(_PyLoader(text), file, text)
        except RecursionError:  # libyaml stopped at its depth limit; Python's stack is smaller
            raise _Refused(_mark_line(fast_error), _TOO_DEEP) from None


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


#: How deep a record may nest (a claim needs four levels: record, quantities, item, field).
MAX_DEPTH = 32
#: Values that aliases may add beyond twice the file's length (each value takes at
#: least one character, so only aliases can exceed it: a "billion laughs" bomb does).
ALIAS_ALLOWANCE = 100_000

_TOO_DEEP = f"data nested more than {MAX_DEPTH} levels deep; refusing to read it"
#: Characters no text field may hold: C0 controls but tab, line feed and carriage
#: return; DEL; C1 controls. YAML refuses them written as such, not as escapes ("\\0").
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Bidirectional controls written as escapes in a double-quoted scalar.
_BIDI_ESCAPE = re.compile(r"\\(?:u|U0000)20(?:2[a-eA-E]|6[6-9])")


class _Refused(Exception):
    """The file is refused as a whole: too deep, or aliases expanding beyond the budget."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def _mark_line(exc: yaml.MarkedYAMLError) -> int | None:
    mark = exc.problem_mark or exc.context_mark
    return mark.line + 1 if mark is not None else None


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str) -> Problem:
    """Turn a YAML syntax error into a problem on its line."""
    message = exc.problem or exc.context or "invalid YAML"
    return Problem(file, _mark_line(exc), f"YAML syntax error: {message}")


def _yaml_problem(exc: yaml.YAMLError, file: str, text: str) -> Problem:
    """Turn another YAML error (a character YAML refuses, say) into a located problem."""
    position = getattr(exc, "position", None)
    if isinstance(exc, yaml.reader.ReaderError) and isinstance(position, int):
        line = text.count("\n", 0, position) + 1
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return Problem(file, line, f"character {_codepoint(character)} is not allowed in YAML")
    return Problem(file, None, f"YAML error: {exc}")


def _codepoint(character: str) -> str:
    return f"U+{ord(character):04X}"


def _read(loader: yaml.SafeLoader, file: str, text: str) -> tuple[list[RawRecord], list[Problem]]:
    """Compose the document, check its size and depth, and construct each top-level item."""
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
        budget = 2 * len(text) + ALIAS_ALLOWANCE
        if "*" in text:  # aliases are possible: measure them before anything expands them
            _check_expansion(root, budget)
        builder = _Builder(loader, file, budget)
        builder.bidi = has_controls(text) or _BIDI_ESCAPE.search(text) is not None
        records: list[RawRecord] = []
        for item in root.value:
            line = item.start_mark.line + 1
            if not isinstance(item, yaml.MappingNode):
                builder.problems.append(Problem(file, line, "list item is not a mapping of fields"))
                continue
            records.append(RawRecord(line, builder.record(item), item))
        return records, builder.problems
    finally:
        loader.dispose()


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_expansion(root: yaml.Node, budget: int) -> None:
    """Refuse a document whose aliases expand beyond ``budget`` values or nest too deep.

    Walks the composed graph once (no recursion; each node measured once), counting
    every value as it would be built, aliases expanded. A node that refers back to
    one of its parents counts once (PyYAML's constructor reports it).

    Raises
    ------
    _Refused
        At the first node that is too deep or expands beyond the budget.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            size = 1 + sum(sizes.get(id(child), 1) for child in _children(node))
            if size > budget:
                message = (
                    f"aliases expand to more than {budget:,} values (a YAML alias bomb?); "
                    "refusing to read it"
                )
                raise _Refused(node.start_mark.line + 1, message)
            sizes[key] = size
            continue
        if key in sizes or key in open_nodes:
            continue
        if depth > MAX_DEPTH:
            raise _Refused(node.start_mark.line + 1, _TOO_DEEP)
        open_nodes.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node))


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
#: Scalar tags other than str that the fast path builds with PyYAML's own constructors.
_SCALARS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float"))


class _Unusual(Exception):
    """A node the fast path leaves to PyYAML's constructor (merge keys, tags, loops...)."""


class _Builder:
    """Build the Python values of records, within a depth and a size budget.

    Parameters
    ----------
    loader : the loader that composed the nodes (its constructors build unusual nodes).
    file : the file name used in problems.
    budget : how many values the whole file may build (aliases expanded).
    """

    def __init__(self, loader: yaml.SafeLoader, file: str, budget: int):
        self.loader, self.file, self.left = loader, file, budget
        self.problems: list[Problem] = []
        #: Whether text may hold bidirectional controls (checked only then: it is rare).
        self.bidi = False

    def record(self, item: yaml.MappingNode) -> dict[str, Any]:
        """Return one record's mapping; unusual records go through PyYAML's constructor."""
        try:
            return self.plain(item, set(), 1)
        except _Unusual:
            _check_expansion(item, self.left)
            return self.loader.construct_object(item, deep=True)

    def plain(self, node: yaml.Node, open_nodes: set[int], depth: int) -> Any:
        """Build the value of a node of plain data: maps, lists, str, numbers, bools, null.

        The same values as ``loader.construct_object(node, deep=True)``, several times
        faster: PyYAML's generic constructor dominates the loading of large files.
        Anything else (explicit tags, merge keys, unhashable keys, recursive
        aliases) raises ``_Unusual`` so that the caller uses PyYAML's constructor,
        errors included.
        """
        self.left -= 1
        if self.left < 0:
            raise _Refused(node.start_mark.line + 1, "aliases expand beyond the file's size")
        kind, tag = type(node), node.tag
        if kind is yaml.ScalarNode:
            if tag == _STR:
                if node.style == '"' and _CONTROL.search(node.value):
                    self._control_character(node)
                if self.bidi:
                    self._bidi_controls(node)
                return node.value
            if tag in _SCALARS:
                return self.loader.yaml_constructors[tag](self.loader, node)
            raise _Unusual
        if depth > MAX_DEPTH:
            raise _Refused(node.start_mark.line + 1, _TOO_DEEP)
        if id(node) in open_nodes:
            raise _Unusual
        open_nodes.add(id(node))
        if kind is yaml.SequenceNode and tag == _SEQ:
            value: Any = [self.plain(item, open_nodes, depth + 1) for item in node.value]
        elif kind is yaml.MappingNode and tag == _MAP:
            value = {}
            for key, item in node.value:
                if type(key) is not yaml.ScalarNode:
                    raise _Unusual
                value[self.plain(key, open_nodes, depth + 1)] = self.plain(
                    item, open_nodes, depth + 1
                )
        else:
            raise _Unusual
        open_nodes.discard(id(node))
        return value

    def _bidi_controls(self, node: yaml.ScalarNode) -> None:
        why = unbalanced(node.value)
        if why is not None:
            message = (
                f"text holds {why}, which would reorder whatever is shown after it; "
                f"close it or remove it: {node.value[:40]!r}"
            )
            self.problems.append(Problem(self.file, node.start_mark.line + 1, message))

    def _control_character(self, node: yaml.ScalarNode) -> None:
        found = _CONTROL.search(node.value)
        assert found is not None
        message = (
            f"text holds the control character {_codepoint(found.group())} "
            f"(written as an escape); remove it: {node.value[:40]!r}"
        )
        self.problems.append(Problem(self.file, node.start_mark.line + 1, message))
