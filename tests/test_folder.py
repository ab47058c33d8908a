"""The output folder: generations on show by one rename, a lock, nothing of the user's touched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pipeline.errors import OutInUse, OutNotOurs
from pipeline.run.folder import OutputFolder

WRITE_RUN = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from pipeline.run.folder import OutputFolder

    out, tag, kill_at = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    calls = 0

    def counted(real):
        def call(*args, **kwargs):
            global calls
            calls += 1
            if calls == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        return call

    for name in ("replace", "symlink", "rename", "unlink", "sync", "fsync", "rmdir", "mkdir"):
        setattr(os, name, counted(getattr(os, name)))
    folder = OutputFolder(out)
    with folder.locked():
        folder.check()
        folder.tidy()
        generation = folder.new_generation()
        for name in ("mentions.csv", "claims.csv", "skipped.csv"):
            (generation / name).write_text(tag)
        (generation / "clean").mkdir()
        (generation / "clean" / "a.txt").write_text(tag)
        print(folder.publish(generation), calls)
    """
)


def run(out: Path, tag: str, kill_at: int = 0) -> subprocess.CompletedProcess[str]:
    """One run writing ``tag`` into every output, killed at its ``kill_at``-th file operation."""
    return subprocess.run(
        [sys.executable, "-c", WRITE_RUN, str(out), tag, str(kill_at)],
        capture_output=True,
        text=True,
        check=False,
    )


def shown(out: Path) -> set[str]:
    """The tags of the outputs on show (an empty set when none is)."""
    names = ("mentions.csv", "claims.csv", "skipped.csv", "clean/a.txt")
    return {(out / n).read_text() if (out / n).exists() else "missing" for n in names}


def publish(out: Path, files: dict[str, str]) -> list[str]:
    """Publish one generation holding ``files`` (name -> text) in this process."""
    folder = OutputFolder(out)
    with folder.locked():
        folder.check()
        folder.tidy()
        generation = folder.new_generation()
        for name, text in files.items():
            (generation / name).parent.mkdir(parents=True, exist_ok=True)
            (generation / name).write_text(text)
        return folder.publish(generation)


def test_outfolder_shows_the_newest_generation_and_drops_the_old(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert publish(out, {"mentions.csv": "1", "claims.csv": "1", "claims.xlsx": "1"}) == []
    assert publish(out, {"mentions.csv": "2", "claims.csv": "2"}) == ["claims.xlsx"]
    assert (out / "mentions.csv").read_text() == (out / "claims.csv").read_text() == "2"
    assert not os.path.lexists(out / "claims.xlsx")
    assert len(list((out / ".generations").iterdir())) == 1


def test_outfolder_kill_at_every_step_leaves_one_complete_set(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(out, "old").returncode == run(tmp_path / "count", "old").returncode == 0
    steps = int(run(tmp_path / "count", "new").stdout.split()[-1])
    for kill_at in range(1, steps + 1):
        killed = run(out, f"new{kill_at}", kill_at)
        assert killed.returncode == -signal.SIGKILL
        assert shown(out) in ({"old"}, {f"new{kill_at}"})
        assert run(out, "old").returncode == 0  # the next run completes and shows its own set
        assert shown(out) == {"old"}
    assert len(list((out / ".generations").iterdir())) == 1


def test_outfolder_first_run_killed_shows_nothing_or_everything(tmp_path: Path) -> None:
    steps = int(run(tmp_path / "count", "new").stdout.split()[-1])
    for kill_at in range(1, steps + 1):
        out = tmp_path / f"out{kill_at}"
        run(out, "new", kill_at)
        assert shown(out) in ({"missing"}, {"new"})


def test_outfolder_second_run_is_refused_while_one_holds_the_lock(tmp_path: Path) -> None:
    folder = OutputFolder(tmp_path / "out")
    with folder.locked():
        with pytest.raises(OutInUse), OutputFolder(tmp_path / "out").locked():
            pass
        assert run(tmp_path / "out", "other").returncode == 1
    with folder.locked():
        pass  # released when the holder is done


@pytest.mark.parametrize("name", ["claims.csv", "clean", "text", ".generations", ".current"])
def test_outfolder_user_entries_are_refused_and_kept(tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    if name in ("clean", "text", ".generations"):
        (out / name).mkdir()
        (out / name / "mine.txt").write_text("mine")
    else:
        (out / name).write_text("mine")
    with pytest.raises(OutNotOurs, match=name):
        publish(out, {"claims.csv": "new"})
    assert (out / "notes.txt").read_text() == "mine"
    assert (out / name).exists()


def test_outfolder_takes_over_an_older_versions_plain_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "clean").mkdir(parents=True)
    (out / "clean" / "a.txt").write_text("old")
    (out / "mentions.csv").write_text("\ufeffmention_id,claim_id,source,type\r\n", "utf-8")
    (out / "claims.csv").write_text("old")
    (out / "notes.txt").write_text("mine")
    publish(out, {"mentions.csv": "new", "claims.csv": "new", "clean/a.txt": "new"})
    assert shown(out) == {"new", "missing"}  # skipped.csv was not written
    assert (out / "notes.txt").read_text() == "mine"
    on_show = Path(os.readlink(out / ".current")).name
    assert [p.name for p in (out / ".generations").iterdir()] == [on_show]
