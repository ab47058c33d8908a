"""Never lose, mix or leak data: names, cells, boundaries, locks and exit codes (issue 12).

Each hostile case is built in ``tmp_path``; the CLI runs in a child process, as a user runs
it, or in this process where a failure has to be injected (a full disk, a bug).
"""

from __future__ import annotations

import csv
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import pipeline.outputs.atomic
import pipeline.run.runner
from pipeline.cli import app
from pipeline.outputs.csv import read_rows
from pipeline.records import Mention, Quote, mention_id, unique_ids

SHARED = Path(__file__).resolve().parents[2] / "shared"
CHECK_CONTRACT = SHARED / "tools" / "check_contract.py"
FORMULAS = ("=", "+", "-", "@", "\t", "\r")
Outputs = Callable[[Path], dict[str, bytes]]


def story(variant: str) -> str:
    """A short article whose quotes begin like spreadsheet formulas; one distinct line."""
    return (
        f"Talks resume in Geneva\n\n"
        f'\u201c=HYPERLINK("http://evil.example","click") is what we want,\u201d the '
        f"minister said on Monday.\n\n"
        f"\u201c+SUM(A1:A9) will not be paid,\u201d he said. \u201c-1 is the answer we got "
        f"from them,\u201d he added. \u201c@cmd runs this and more,\u201d she said.\n\n"
        f"The {variant} edition printed it too.\n"
    )


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m pipeline ARGS`` in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args, "--quiet"],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def rows(path: Path) -> list[list[str]]:
    """The raw cells of a CSV file, header first."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def dict_rows(path: Path) -> list[dict[str, str]]:
    """The rows of one of our CSVs, each cell without the formula guard."""
    return list(read_rows(path))


def assert_contract(inp: Path, out: Path) -> None:
    """The shared contract checker passes (skipped where ../shared is absent)."""
    if not CHECK_CONTRACT.is_file():
        pytest.skip("../shared/tools/check_contract.py is absent")
    checked = subprocess.run(
        [sys.executable, str(CHECK_CONTRACT), str(inp), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout


def test_safety_colliding_names_and_formula_cells(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    names = ["story.txt", "story.md", "story.html", "story.htm", "x", "x.txt", "x.md"]
    for name in [*names, "=cmd.txt", "Story.TXT"]:
        (inp / name).write_text(story(name), encoding="utf-8")
    (inp / "link.txt").symlink_to("/etc/hostname")
    (inp / "sources.csv").write_text(
        'file,outlet\n=cmd.txt,"=HYPERLINK(""http://evil.example"")"\n', encoding="utf-8"
    )
    done = run("extract", str(inp), "--out", str(out), "--all-speakers")
    assert done.returncode == 0, done.stderr
    articles = dict_rows(out / "articles.csv")
    clean = [a["clean_file"] for a in articles]
    assert len(articles) == 8 and len(set(map(str.casefold, clean))) == 8
    assert {a["source"]: a["clean_file"] for a in articles}["story.md"] == "story.md.txt"
    for a in articles:
        assert (out / "clean" / a["clean_file"]).is_file()
    mentions = dict_rows(out / "mentions.csv")
    assert len({m["mention_id"] for m in mentions}) == len(mentions) > 0
    for name in ("mentions.csv", "claims.csv", "skipped.csv", "articles.csv"):
        for row in rows(out / name):
            assert not any(cell.startswith(FORMULAS) for cell in row), (name, row)
    guarded = [m["text"] for m in mentions if m["text"].startswith(FORMULAS)]
    assert guarded and all(
        f"'{t}" in (out / "mentions.csv").read_text("utf-8-sig") for t in guarded
    )
    outlets = {a["source"]: a["outlet"] for a in articles}
    assert outlets["=cmd.txt"] == '=HYPERLINK("http://evil.example")'  # kept, but guarded
    assert {s["source"]: s["reason"] for s in dict_rows(out / "skipped.csv")} == {
        "link.txt": "symbolic link: not followed",
        "x": "unsupported file type (no suffix)",
    }
    assert "etc" not in {p.name for p in (out / "clean").iterdir()}
    (inp / "=cmd.txt").unlink()  # the contract checker reads a guarded source as written
    assert run("extract", str(inp), "--out", str(out)).returncode == 0
    assert_contract(inp, out)


def test_safety_jsonl_ids_that_are_no_file_names(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus.jsonl", tmp_path / "out"
    ids = ["", ".", "/", "..", "../../etc/passwd", "x", "x", "a" * 300]
    corpus.write_text(
        "".join(
            json.dumps({"id": i, "text": story(f"line {n}")}) + "\n" for n, i in enumerate(ids)
        ),
        encoding="utf-8",
    )
    done = run("extract", str(corpus), "--out", str(out))
    assert done.returncode == 0, done.stderr
    articles = dict_rows(out / "articles.csv")
    assert len({a["source"] for a in articles}) == len({a["clean_file"] for a in articles}) == 8
    for a in articles:
        path = (out / "clean" / a["clean_file"]).resolve()
        assert path.is_relative_to((out / "clean").resolve()) and path.is_file()
    mentions = dict_rows(out / "mentions.csv")
    assert len({m["mention_id"] for m in mentions}) == len(mentions)


def test_safety_out_inside_input_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(story("a"), encoding="utf-8")
    for out in (tmp_path / "out", tmp_path):
        done = run("extract", str(tmp_path), "--out", str(out))
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1 and "inside the input folder" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


@pytest.mark.parametrize("entry", ["text", "clean", "claims.csv", ".cache"])
def test_safety_users_files_in_out_are_never_deleted(tmp_path: Path, entry: str) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "a.txt").write_text(story("a"), encoding="utf-8")
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    if entry.endswith(".csv"):
        (out / entry).write_text("my own table", encoding="utf-8")
    else:
        (out / entry).mkdir()
        (out / entry / "draft.txt").write_text("mine", encoding="utf-8")
    done = run("extract", str(inp), "--out", str(out))
    if entry == ".cache":  # our own folder: its unknown files stay, the run goes on
        assert done.returncode == 0, done.stderr
        assert (out / ".cache" / "draft.txt").read_text() == "mine"
    else:
        assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
        assert "was not written by this tool" in done.stderr
        assert (out / entry).exists() and not (out / "mentions.csv").exists()
    assert (out / "notes.txt").read_text() == "mine"


def test_safety_second_run_on_one_out_is_refused(tmp_path: Path, outputs: Outputs) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for n in range(40):
        (inp / f"{n:02}.txt").write_text(story(f"copy {n}") * 20, encoding="utf-8")
    first = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "extract", str(inp), "--out", str(out), "--quiet"],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not list(out.glob(".generations/*/clean")) and time.monotonic() < deadline:
        time.sleep(0.05)
    second = run("extract", str(inp), "--out", str(out))
    _, first_err = first.communicate(timeout=600)
    assert first.returncode == 0, first_err
    assert second.returncode == 2 and "in use by another run" in second.stderr
    assert second.stderr.count("\n") == 1
    assert len([p for p in outputs(out) if p.startswith("clean/")]) == 40


def test_safety_ctrl_c_stops_every_worker_and_keeps_no_half_run(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for n in range(40):
        (inp / f"{n:02}.txt").write_text(story(f"copy {n}") * 20, encoding="utf-8")
    command = ["extract", str(inp), "--out", str(out), "--workers", "2", "--quiet"]
    first = subprocess.Popen(
        [sys.executable, "-m", "pipeline", *command],
        stderr=subprocess.PIPE,
        text=True,
        process_group=0,  # as a terminal's Ctrl-C, the signal goes to the run and its workers
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 300
    while not list(out.glob(".generations/*/clean/*")) and time.monotonic() < deadline:
        time.sleep(0.05)  # the workers are parsing
    os.killpg(first.pid, signal.SIGINT)
    _, err = first.communicate(timeout=600)
    assert first.returncode == 130
    assert err.strip().splitlines() == ["error: interrupted: the previous outputs are kept"]
    assert not list((out / ".generations").iterdir()) and not (out / "claims.csv").exists()
    while time.monotonic() < deadline and group_alive(first.pid):
        time.sleep(0.1)
    assert not group_alive(first.pid)  # no worker, nor the server that forks them, left


def group_alive(group: int) -> bool:
    """Whether any process of process group ``group`` is still there."""
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def make_failing(monkeypatch: pytest.MonkeyPatch, err: BaseException) -> None:
    """Make writing the tables fail with ``err`` (a full disk, a bug)."""

    def failing(*args: object, **kwargs: object) -> None:
        raise err

    monkeypatch.setattr(pipeline.run.runner, "write_outputs", failing)


@pytest.mark.parametrize(
    ("err", "code", "message"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), 2, "No space left on device"),
        (OSError(errno.EROFS, "Read-only file system"), 2, "Read-only file system"),
        (RuntimeError("boom"), 3, "internal error RuntimeError('boom')"),
        (KeyboardInterrupt(), 130, "interrupted"),
    ],
    ids=["disk-full", "read-only", "bug", "ctrl-c"],
)
def test_safety_failures_are_one_line_and_keep_the_previous_outputs(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    outputs: Outputs,
    err: BaseException,
    code: int,
    message: str,
) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "a.txt").write_text(story("a"), encoding="utf-8")
    args = ["extract", str(inp), "--out", str(out), "--quiet"]
    assert CliRunner().invoke(app, args).exit_code == 0
    before = outputs(out)
    make_failing(monkeypatch, err)
    (inp / "b.txt").write_text(story("b"), encoding="utf-8")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.stderr
    after = outputs(out)
    log = after.pop("claims-error.log", b"").decode()
    assert after == before
    assert len(list((out / ".generations").iterdir())) == 1
    if code == 3:
        assert "claims-error.log" in lines[0]
        assert "Traceback" in log and "boom" in log


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def as_read(cell: str) -> str:
    """A cell as a spreadsheet shows a plain value: booleans in lower case, numbers without
    trailing zeros ("0.80" is shown 0.8); anything else as it is."""
    if cell in ("TRUE", "FALSE"):
        return cell.lower()
    try:
        return repr(float(cell)) if cell.strip() and not cell.startswith("'") else cell
    except ValueError:
        return cell


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (Debian libreoffice-calc) is absent")
def test_safety_libreoffice_evaluates_no_cell(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "a.txt").write_text(story("a"), encoding="utf-8")
    assert run("extract", str(inp), "--out", str(out), "--all-speakers").returncode == 0
    for name in ("mentions.csv", "claims.csv"):
        subprocess.run(
            [
                str(SOFFICE),
                "--headless",
                f"-env:UserInstallation=file://{tmp_path}/profile",
                "--infilter=CSV:44,34,76,1",
                "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false",
                "--outdir",
                str(tmp_path / "converted"),
                str(out / name),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        shown = {as_read(c) for row in rows(tmp_path / "converted" / name) for c in row}
        written = {as_read(c) for row in rows(out / name) for c in row}
        assert shown == written  # every cell shown as written: no formula evaluated
        assert any(c.startswith("'+SUM") for c in shown)  # a guarded formula, shown as text


def test_safety_mention_ids_are_unique_even_over_one_stretch() -> None:
    split = Quote("a.txt", "direct", ((0, 5), (10, 20)), "A … B", (0, 20))
    whole = Quote("a.txt", "mixed", ((0, 20),), "A said B", (0, 20))
    other = Quote("b.txt", "direct", ((0, 20),), "C", (0, 20))
    mentions = [Mention(mention_id(q), q) for q in (split, whole, other)]
    assert mentions[0].mention_id == mentions[1].mention_id  # same start and end
    ids = [m.mention_id for m in unique_ids(mentions)]
    assert len(set(ids)) == 3 and ids[2] == mentions[2].mention_id
