"""Atomic file writes: a file is either the old one or the complete new one.

The new content goes to a temporary file in the same directory (so the final
rename never crosses file systems), is flushed and fsynced, then moved over the
target with :func:`os.replace`. On any error the temporary file is removed and
an existing target is left untouched.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

Writer = Callable[[IO[Any]], object]


def _current_umask() -> int:
    """Return the process umask, read without changing it where the system allows.

    Linux reports it in ``/proc/self/status``; setting it to read it back would,
    for an instant, give files that other threads create (a Streamlit server's)
    the wrong permissions. Elsewhere, the set-and-restore fallback.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for row in status:
                if row.startswith("Umask:"):
                    return int(row.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    umask = os.umask(0o077)  # the strictest value while it is being read
    os.umask(umask)
    return umask


def _default_mode() -> int:
    """Permissions a plain ``open(path, "w")`` would give a new file (0o666 minus umask)."""
    return 0o666 & ~_current_umask()


def _final_mode(target: Path) -> int:
    """Keep an existing file's permissions; give a new file the umask's default."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return _default_mode()


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable (best effort: not every platform can open a directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``.

    For tools that write by file name (GDAL, another library's ``save``). The
    temporary file exists (empty) when the block starts; the caller may overwrite
    it. If the block raises, the temporary file is removed and ``path`` is left
    as it was.

    Parameters
    ----------
    path : the file to (re)place.
    suffix : the temporary file's suffix; defaults to ``path``'s own, so that
        tools that pick a format from the extension still do.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise FileNotFoundError(f"directory does not exist: {directory}")
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name[:64]}.",
        suffix=target.suffix if suffix is None else suffix,
        dir=directory,
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, _final_mode(target))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _fsync_dir(directory)


def atomic_write(
    path: str | os.PathLike[str],
    data: str | bytes | Writer,
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
    binary: bool = False,
) -> Path:
    """Write ``data`` to ``path`` atomically.

    Parameters
    ----------
    path : the file to write; its directory must exist.
    data : the whole content (``str`` is encoded with ``encoding``, ``bytes`` is
        written as is), or a writer: a callable that receives the open temporary
        file and writes to it (a text file, or a binary one when ``binary``).
    encoding : text encoding for ``str`` data and text writers.
    newline : passed to :func:`open` for text writers (``""`` for the csv module).
    binary : open the temporary file in binary mode for a writer.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    FileNotFoundError
        When the directory of ``path`` does not exist.
    Exception
        Whatever the writer raises; ``path`` is then left as it was and no
        temporary file remains.
    """
    if not isinstance(data, str | bytes) and not callable(data):
        raise TypeError(f"atomic_write needs str, bytes or a callable, not {type(data).__name__}")
    target = Path(path)
    with atomic_path(target) as tmp:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        elif isinstance(data, str):
            with open(tmp, "w", encoding=encoding, newline="") as handle:
                handle.write(data)
        else:
            if binary:
                with open(tmp, "wb") as handle:
                    data(handle)
            else:
                with open(tmp, "w", encoding=encoding, newline=newline) as handle:
                    data(handle)
    return target
