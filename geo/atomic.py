"""Atomic file writes: a file is either the old one or the complete new one.

The new content goes to a temporary file beside the target (so the final
rename never crosses file systems), is fsynced, then renamed over the target
with :func:`os.replace`. On any error the temporary file is removed and an
existing target is left untouched.

What a write does with the target is decided here, once, and never silently:

- a symbolic link is followed: the file it points to is replaced and the link
  stays a link;
- a read-only file (no write permission bit, or not writable by this user) is
  refused with ``PermissionError``, even for root (:func:`check_replaceable`);
- :func:`refusal` names targets that no export may replace: the data files and
  the store (``geo.paths.protected_files``), and any SQLite database.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

Writer = Callable[[IO[Any]], object]

_SQLITE_HEADER = b"SQLite format 3\x00"


def resolve_target(path: str | os.PathLike[str]) -> Path:
    """Return the file a write to ``path`` replaces: symbolic links followed, made absolute."""
    return Path(os.path.realpath(path))


def refusal(path: str | os.PathLike[str], protected: Iterable[Path] = ()) -> str | None:
    """Say why no export may write ``path``, or return None when it may.

    Parameters
    ----------
    path : the output path as given (symbolic links are followed).
    protected : files that must never be replaced (``geo.paths.protected_files``).

    Returns
    -------
    str or None
        E.g. ``"data/claims.yaml is a data file (claims.yaml); refusing to overwrite it"``.
    """
    target = resolve_target(path)
    for kept in protected:
        if _same_file(target, kept):
            return f"{path} is a data file ({kept}); refusing to overwrite it"
    try:
        with open(target, "rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
    except OSError:
        return None
    if head == _SQLITE_HEADER:
        return f"{path} is an SQLite database (a claimmap store?); refusing to overwrite it"
    return None


def _same_file(target: Path, kept: Path) -> bool:
    try:
        return os.path.samefile(target, kept)  # hard links too
    except OSError:  # one of them does not exist (yet)
        return target == resolve_target(kept)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``'s file; on success it replaces that file.

    For tools that write by file name (GDAL, another library's ``save``). The
    temporary file exists (empty, with the target's suffix) when the block
    starts; the caller may overwrite it. If the block raises, the temporary file
    is removed and the target is left as it was.

    Raises
    ------
    FileNotFoundError
        When the target's directory does not exist.
    PermissionError
        When the target exists and is read-only.
    """
    target = resolve_target(path)
    if not target.parent.is_dir():
        raise FileNotFoundError(f"directory does not exist: {target.parent}")
    mode = check_replaceable(target)
    tmp = _new_temporary(target)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def check_replaceable(path: str | os.PathLike[str]) -> int | None:
    """Return the permissions of the file a write to ``path`` replaces (None: a new file).

    Raises
    ------
    PermissionError
        When that file is read-only (no write bit, or not writable by this user).
    """
    target = resolve_target(path)
    try:
        info = target.stat()
    except FileNotFoundError:
        return None
    mode = stat.S_IMODE(info.st_mode)
    if stat.S_ISREG(info.st_mode) and (not mode & 0o222 or not os.access(target, os.W_OK)):
        raise PermissionError(errno.EACCES, "the file is read-only; not replacing it", str(target))
    return mode


def _new_temporary(target: Path) -> Path:
    """Create an empty temporary file beside ``target``.

    Created with mode 0o666 so that the umask applies, as for a plain ``open``.
    """
    for _ in range(100):
        tmp = target.with_name(f".{target.name[:64]}.{secrets.token_hex(4)}{target.suffix}")
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return tmp
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target.parent))


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable (best effort: not every platform can open a directory)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(
    path: str | os.PathLike[str], data: str | bytes | Writer, *, newline: str | None = None
) -> Path:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_path` for the target's rules).

    Parameters
    ----------
    path : the file to write; its directory must exist.
    data : the whole content (``str`` is written as UTF-8 unchanged, ``bytes`` as
        is), or a writer: a callable that receives the open temporary file (UTF-8
        text) and writes to it.
    newline : passed to :func:`open` for a writer (``""`` for the csv module).

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    FileNotFoundError, PermissionError
        As :func:`atomic_path`; nothing is written.
    Exception
        Whatever the writer raises; ``path`` is then left as it was and no
        temporary file remains.
    """
    if not isinstance(data, str | bytes) and not callable(data):
        raise TypeError(f"atomic_write needs str, bytes or a callable, not {type(data).__name__}")
    with atomic_path(path) as tmp:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        elif isinstance(data, str):
            with open(tmp, "w", encoding="utf-8", newline="") as handle:
                handle.write(data)
        else:
            with open(tmp, "w", encoding="utf-8", newline=newline) as handle:
                data(handle)
    return Path(path)
