"""``claimmap ingest``: archive, drafts, idempotence, HTML, progress, exit codes, hostile markup.

Every test runs the installed command in a subprocess against a real SQLite
store in a temporary folder, filled from the fixture data (whose gazetteer
holds the Shalamcheh crossing, Baghdad, Iraq and Iran). The articles are
written here.
"""

from __future__ import annotations

import hashlib
import json
import os
import pty
import subprocess
from pathlib import Path

import pytest

from tests.paths import ROOT, cli_command
from tests.store_factory import filled_store, rows

ARTICLE = (
    "Buses seen at the Shalamcheh crossing\n\n"
    "More than 60 buses crossed the Shalamcheh border crossing into Iran between January 6 "
    "and 8, an Iraqi border official told Iran International.\n"
    "Ali K., a driver from Baghdad, said he carried about 50 young men on Tuesday, Jan. 6.\n"
    "The weather was cold and the road was empty for most of the week.\n"
    "The report could not be independently verified by Iran International.\n"
)

PAGE = """<!doctype html><html><head><title>Buses at the border | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="og:title" content="Buses &lt;img src=x onerror=alert(1)&gt; at the border">
<meta name="date" content="2026-01-09">
<script>window.stolen = document.cookie</script></head>
<body><nav>Home | World | Sport | Login</nav>
<article><h1>Buses at the border</h1>
<p>More than 60 buses crossed the Shalamcheh border crossing into Iran on Wednesday,
Jan. 7, an official at the crossing told reporters in Baghdad.</p>
<p>A driver said about 50 men rode in each bus, and that the text
&lt;script&gt;alert("x")&lt;/script&gt; was painted on one of them near Shalamcheh.</p>
<p onclick="alert(2)">Officials in Baghdad said on Thursday, Jan. 8, that 12 buses returned
empty to Iraq.</p></article>
<footer>© Example News <a href="javascript:alert(3)">share</a></footer>
<script>alert(1)</script></body></html>"""


def claimmap(*args: str, stdin: bytes | None = None, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMMAP_DATA", "CLAIMMAP_DB")}
    return subprocess.run(
        [*cli_command(), *args],
        input=stdin,
        stdout=subprocess.PIPE,
        stderr=kwargs.pop("stderr", subprocess.PIPE),
        env=env,
        cwd=ROOT,
        check=False,
        timeout=180,
        **kwargs,
    )


@pytest.fixture
def store(tmp_path: Path) -> str:
    return filled_store(tmp_path / "store.sqlite")


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "buses.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    return path


def snapshot(url: str) -> list[list[tuple]]:
    tables = ("sources", "archives", "groups", "claims", "claim_places", "audit")
    return [rows(url, f"SELECT * FROM {table} ORDER BY 1") for table in tables]


def ingest_json(url: str, *args: str) -> list[dict]:
    result = claimmap("--db", url, "ingest", "--json", *args)
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def test_archives_the_document_and_adds_draft_claims(store: str, article: Path) -> None:
    (done,) = ingest_json(
        store, "--published", "2026-01-09", "--outlet", "Iran International", str(article)
    )
    source_id = done["source_id"]
    assert done["added"] and done["drafts"] and source_id.startswith("doc-iran-international-")
    data = article.read_bytes()
    [(text, original, sha, size, file_name)] = rows(
        store,
        "SELECT text, original, sha256, size, file_name FROM archives WHERE source_id = :s",
        s=source_id,
    )
    assert (text, original, size, file_name) == (ARTICLE, data, len(data), "buses.txt")
    assert sha == hashlib.sha256(data).hexdigest()
    [(kind, outlet, published, cites)] = rows(
        store, "SELECT kind, outlet, published, cites FROM sources WHERE id = :s", s=source_id
    )
    assert (kind, outlet, published) == ("document", "Iran International", "2026-01-09")
    assert json.loads(cites) == ["iran-international"]
    claims = rows(
        store,
        "SELECT id, review_status, origin, quote, event_start, event_end FROM claims "
        "WHERE source_id = :s ORDER BY position",
        s=source_id,
    )
    assert [c[0] for c in claims] == done["drafts"]
    assert {c[1] for c in claims} == {"draft"} and {c[2] for c in claims} == {"iran-international"}
    assert all(c[3] in ARTICLE for c in claims)
    crossing = next(c for c in claims if c[3].startswith("More than 60 buses"))
    assert crossing[4:] == ("2026-01-06", "2026-01-08")
    places = rows(
        store, "SELECT place_id FROM claim_places WHERE claim_id = :c ORDER BY seq", c=crossing[0]
    )
    assert [p for (p,) in places] == ["shalamcheh-post-iq", "shalamcheh-crossing"]
    proposals = rows(
        store,
        "SELECT entity_id, after FROM audit WHERE action = 'propose' AND entity = 'claim'",
    )
    assert sorted(p[0] for p in proposals) == sorted(done["drafts"])
    proposal = json.loads(dict(proposals)[crossing[0]])
    assert {"confidence", "spans", "place_notes", "quote_start", "notes"} <= set(proposal)
    assert [n["inferred"] for n in proposal["place_notes"]] == [False, True]
    # the store as a whole still passes check (quotes found in the archive) and verify
    checked = claimmap("--db", store, "check")
    assert checked.returncode == 0, checked.stderr.decode()
    assert claimmap("--db", store, "verify").returncode == 0


def test_the_same_bytes_again_add_nothing(store: str, article: Path, tmp_path: Path) -> None:
    (first,) = ingest_json(store, str(article))
    before = snapshot(store)
    again = claimmap("--db", store, "ingest", str(article))
    assert again.returncode == 0
    assert again.stdout.decode() == (
        f"{article}: already archived as {first['source_id']}; nothing added\n"
    )
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(article.read_bytes())
    (second,) = ingest_json(store, "--published", "2026-01-10", str(copy))
    assert (second["added"], second["source_id"], second["drafts"]) == (
        False,
        first["source_id"],
        [],
    )
    assert snapshot(store) == before


def test_html_page_suggestions_are_not_facts(store: str, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(PAGE.encode("utf-8"))
    (done,) = ingest_json(store, str(page))
    assert done["suggestions"]["date"] == "2026-01-09"
    assert done["suggestions"]["site"] == "Example News"
    [(name, title, published, url, note)] = rows(
        store,
        "SELECT name, title, published, url, note FROM sources WHERE id = :s",
        s=done["source_id"],
    )
    assert (name, title, published, url) == ("page.html", None, None, None)
    assert "unconfirmed" in note and "Example News" in note and "2026-01-09" in note
    [(text, original)] = rows(
        store, "SELECT text, original FROM archives WHERE source_id = :s", s=done["source_id"]
    )
    assert original == PAGE.encode("utf-8")
    assert "More than 60 buses crossed" in text
    assert "Home | World" not in text and "document.cookie" not in text
    assert "alert(1)" not in text and "alert(2)" not in text
    quotes = rows(
        store, "SELECT quote, date_note FROM claims WHERE source_id = :s", s=done["source_id"]
    )
    assert len(quotes) == len(done["drafts"]) >= 2
    # relative dates were resolved against the page's own date, and the note says so
    [(proposal,)] = rows(
        store,
        "SELECT after FROM audit WHERE action = 'propose' AND entity_id = :c",
        c=done["drafts"][0],
    )
    assert json.loads(proposal)["anchor_label"] == "the page's own date (unconfirmed)"


def test_hostile_markup_in_an_article_stays_inert_data(store: str, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(PAGE.encode("utf-8"))
    (done,) = ingest_json(store, str(page))
    quotes = [
        q
        for (q,) in rows(
            store, "SELECT quote FROM claims WHERE source_id = :s", s=done["source_id"]
        )
    ]
    # the markup written as text in the article is kept as text, verbatim
    assert any('<script>alert("x")</script>' in q for q in quotes)
    listed = claimmap("--db", store, "claims", "--json", "--review-status", "draft")
    assert listed.returncode == 0
    statements = [c["quote"] for c in json.loads(listed.stdout)]
    assert any('<script>alert("x")</script>' in q for q in statements)
    assert claimmap("--db", store, "check").returncode == 0
    # the title suggestion carrying markup is text in the note, never a field
    [(note, title)] = rows(
        store, "SELECT note, title FROM sources WHERE id = :s", s=done["source_id"]
    )
    assert title is None


def test_a_page_cannot_drive_the_terminal(store: str, tmp_path: Path) -> None:
    page = tmp_path / "evil.html"
    page.write_bytes(
        PAGE.replace("Buses at the border | Example News", "Buses\x1b]0;owned\x07\x1b[2J news")
        .replace("Example News", "Example \u202eNews")
        .encode("utf-8")
    )
    result = claimmap("--db", store, "ingest", str(page))
    assert result.returncode == 0, result.stderr.decode()
    shown = result.stdout.decode() + result.stderr.decode()
    assert "the page suggests (unconfirmed)" in shown
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown


def test_a_draft_the_checks_refuse_is_left_out_with_one_line(store: str, tmp_path: Path) -> None:
    path = tmp_path / "bidi.txt"
    path.write_text(
        ARTICLE + "Officials said 40 buses left Baghdad \u202eon Friday, Jan. 9.\n",
        encoding="utf-8",
    )
    result = claimmap("--db", store, "ingest", "--published", "2026-01-10", str(path))
    assert result.returncode == 0, result.stderr.decode()
    warnings = result.stderr.decode().splitlines()
    assert len(warnings) == 1
    assert "warning" in warnings[0] and "right-to-left override" in warnings[0]
    assert "1 left out" in result.stdout.decode()
    assert claimmap("--db", store, "check").returncode == 0


def test_batch_progress_lines_when_stderr_is_not_a_terminal(store: str, tmp_path: Path) -> None:
    paths = []
    for number in range(3):
        path = tmp_path / f"a{number}.txt"
        path.write_text(f"Report {number}.\n{ARTICLE}", encoding="utf-8")
        paths.append(str(path))
    result = claimmap("--db", store, "ingest", *paths)
    assert result.returncode == 0, result.stderr.decode()
    progress = result.stderr.decode().splitlines()
    assert progress == [f"claimmap ingest: [{n}/3] {p}" for n, p in enumerate(paths, 1)]
    assert len(result.stdout.decode().splitlines()) == 3


def test_batch_progress_bar_on_a_terminal(store: str, tmp_path: Path) -> None:
    paths = []
    for number in range(2):
        path = tmp_path / f"b{number}.txt"
        path.write_text(f"Bulletin {number}.\n{ARTICLE}", encoding="utf-8")
        paths.append(str(path))
    leader, follower = pty.openpty()  # the command's stderr is a terminal
    try:
        result = claimmap("--db", store, "ingest", *paths, stderr=follower)
        os.set_blocking(leader, False)  # read what it wrote while the terminal is still open
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except (BlockingIOError, OSError):
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(follower)
        os.close(leader)
    assert result.returncode == 0
    screen = shown.decode("utf-8", "replace")
    assert "ingest:" in screen and "2/2" in screen and "doc" in screen
    assert "[1/2]" not in screen  # the bar, not the plain lines


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt"], "missing.txt: file not found"),
        (["--published", "2026-02-30", "{article}"], "not a valid date"),
        (["--url", "javascript:alert(1)", "{article}"], "is not an http(s) address"),
        (["--title", "T", "{article}", "{article}"], "--url and --title describe one document"),
        (["--outlet", "bad\x1bname", "{article}"], "--outlet holds a control character"),
        (["{article}", "{binary}"], "binary.txt:1: not UTF-8 text"),
        (["{empty}"], "empty.txt: no text"),
        (["{article}", "{nul}"], "nul.txt:2: holds NUL characters"),
        (["{blankpage}"], "blank.html: no article text found in the page"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    store: str, article: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    files = {
        "article": article,
        "binary": tmp_path / "binary.txt",
        "empty": tmp_path / "empty.txt",
        "nul": tmp_path / "nul.txt",
        "blankpage": tmp_path / "blank.html",
    }
    files["binary"].write_bytes(b"caf\xe9 \xff\xfe")
    files["empty"].write_bytes(b" \n\n")
    files["nul"].write_bytes(b"line one\nline\x00two\n")
    files["blankpage"].write_bytes(b"<html><body><script>x()</script></body></html>")
    before = snapshot(store)
    argv = [a.format(**{k: str(v) for k, v in files.items()}) for a in args]
    result = claimmap("--db", store, "ingest", *argv)
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert len(err.splitlines()) == 1 and message in err, err
    assert "Traceback" not in err and result.stdout == b""
    assert snapshot(store) == before


def test_no_store_and_data_dir_are_refused(article: Path, tmp_path: Path) -> None:
    missing = claimmap("--db", f"sqlite:///{tmp_path / 'none.sqlite'}", "ingest", str(article))
    assert missing.returncode == 2 and "no store at" in missing.stderr.decode()
    data = claimmap("--data", str(tmp_path), "ingest", str(article))
    assert data.returncode == 2 and "--data" in data.stderr.decode()


def test_standard_input(store: str) -> None:
    result = claimmap("--db", store, "ingest", "--json", "-", stdin=ARTICLE.encode())
    assert result.returncode == 0, result.stderr.decode()
    (done,) = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert done["added"] and done["drafts"]
    [(file_name,)] = rows(
        store, "SELECT file_name FROM archives WHERE source_id = :s", s=done["source_id"]
    )
    assert file_name is None
