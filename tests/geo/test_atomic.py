from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from geo.atomic import atomic_path, atomic_write


class Boom(RuntimeError):
    pass


def leftovers(directory: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name not in keep)


def test_writes_text_bytes_and_writer_output(tmp_path: Path) -> None:
    atomic_write(tmp_path / "a.txt", "héllo\n")
    atomic_write(tmp_path / "b.bin", b"\x00\x01")
    atomic_write(tmp_path / "c.csv", lambda f: f.write("x,y\r\n"), newline="")
    assert (tmp_path / "a.txt").read_bytes() == "héllo\n".encode()
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert (tmp_path / "c.csv").read_bytes() == b"x,y\r\n"
    assert leftovers(tmp_path, {"a.txt", "b.bin", "c.csv"}) == []


def test_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    atomic_write(target, "new")
    assert target.read_text() == "new"
    assert leftovers(tmp_path, {"out.json"}) == []


def test_writer_failing_midway_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "out.geojson"
    target.write_text("the old complete file")

    def writer(handle) -> None:
        handle.write("half of the new file" * 1000)
        handle.flush()
        raise Boom("disk full, say")

    with pytest.raises(Boom):
        atomic_write(target, writer)
    assert target.read_text() == "the old complete file"
    assert leftovers(tmp_path, {"out.geojson"}) == []


def test_failure_without_an_existing_file_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(Boom):
        with atomic_path(tmp_path / "new.kml") as tmp:
            tmp.write_text("partial")
            raise Boom
    assert list(tmp_path.iterdir()) == []


def test_atomic_path_keeps_the_suffix_for_format_sniffing_tools(tmp_path: Path) -> None:
    with atomic_path(tmp_path / "map.html") as tmp:
        assert tmp.parent == tmp_path
        assert tmp.suffix == ".html"
        assert tmp.name != "map.html"
        tmp.write_text("<html></html>")
    assert (tmp_path / "map.html").read_text() == "<html></html>"
    assert leftovers(tmp_path, {"map.html"}) == []


def test_missing_directory_is_reported_and_nothing_is_created(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="directory does not exist"):
        atomic_write(tmp_path / "nope" / "out.csv", "x")
    assert list(tmp_path.iterdir()) == []


def test_target_that_is_a_directory_fails_cleanly(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    with pytest.raises(OSError):
        atomic_write(tmp_path / "out", "x")
    assert leftovers(tmp_path, {"out"}) == []


def test_new_file_gets_normal_permissions_and_existing_ones_are_kept(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.txt", "x")
        assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644
        kept = tmp_path / "kept.txt"
        kept.write_text("old")
        kept.chmod(0o600)
        atomic_write(kept, "new")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    finally:
        os.umask(umask)


@pytest.mark.parametrize("mask", [0o027, 0o002])
def test_new_files_follow_the_umask_as_open_does(tmp_path: Path, mask: int) -> None:
    umask = os.umask(mask)
    try:
        atomic_write(tmp_path / "new.txt", "x")
        with open(tmp_path / "plain.txt", "w") as handle:
            handle.write("x")
    finally:
        os.umask(umask)
    modes = {stat.S_IMODE((tmp_path / n).stat().st_mode) for n in ("new.txt", "plain.txt")}
    assert modes == {0o666 & ~mask}


def test_rejects_other_data_types_before_touching_the_disk(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        atomic_write(tmp_path / "x", 42)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------- the target's rules (issue 14)


def test_a_symbolic_link_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    atomic_write(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new"
    assert leftovers(tmp_path, {"real.csv", "link.csv"}) == []


def test_a_dangling_link_writes_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "new.csv")
    atomic_write(link, "x")
    assert link.is_symlink() and (tmp_path / "new.csv").read_text() == "x"


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o000])
def test_a_read_only_file_is_refused_even_for_root(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "kept.geojson"
    target.write_text("precious")
    target.chmod(mode)
    try:
        with pytest.raises(PermissionError, match="read-only"):
            atomic_write(target, "new")
        assert leftovers(tmp_path, {"kept.geojson"}) == []
    finally:
        target.chmod(0o644)
    assert target.read_text() == "precious"


def test_refusal_names_protected_files_through_links(tmp_path: Path) -> None:
    from geo.atomic import refusal

    data = tmp_path / "data"
    data.mkdir()
    claims = data / "claims.yaml"
    claims.write_text("- id: x\n")
    (tmp_path / "sneaky.csv").symlink_to(claims)
    os.link(claims, tmp_path / "hard.csv")
    for path in (
        claims,
        tmp_path / "sneaky.csv",
        tmp_path / "hard.csv",
        data / ".." / "data" / "claims.yaml",
    ):
        assert "is a data file" in str(refusal(path, [claims]))
    assert refusal(tmp_path / "out.csv", [claims]) is None
    assert refusal(data / "groups.yaml", [data / "groups.yaml"]) is not None  # not there yet


def test_refusal_names_any_sqlite_database(tmp_path: Path) -> None:
    import sqlite3

    from geo.atomic import refusal

    store = tmp_path / "store.db"
    sqlite3.connect(store).execute("CREATE TABLE t (x)").connection.commit()
    assert "SQLite database" in str(refusal(store))
    (tmp_path / "map.html").write_text("<html>")
    assert refusal(tmp_path / "map.html") is None
