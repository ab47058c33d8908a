"""The Dask engine gives the local engine's output, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import SchedulerUnreachable
from pipeline.run import run_extract
from pipeline.settings import ParseSettings, Settings

pytest.importorskip("distributed")
RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
OUTPUTS = ("mentions.csv", "claims.csv", "skipped.csv")


def test_engine_dask_matches_local_engine(tmp_path: Path) -> None:
    local, dask = tmp_path / "local", tmp_path / "dask"
    run_extract(Settings(input=RAW, out=local, progress=False, cache=False))
    run_extract(
        Settings(
            input=RAW,
            out=dask,
            progress=False,
            cache=False,
            engine="dask",
            workers=2,
            parse=ParseSettings(batch_size=2),
        )
    )  # a LocalCluster of 2 workers on loopback
    for name in OUTPUTS:
        assert (dask / name).read_bytes() == (local / name).read_bytes()
    texts = sorted(p.relative_to(local) for p in (local / "clean").rglob("*.txt"))
    assert texts == sorted(p.relative_to(dask) for p in (dask / "clean").rglob("*.txt"))
    assert all((dask / p).read_bytes() == (local / p).read_bytes() for p in texts)


def test_engine_dask_unreachable_scheduler_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SchedulerUnreachable, match="cannot reach the Dask scheduler"):
        run_extract(
            Settings(
                input=RAW,
                out=tmp_path,
                progress=False,
                engine="dask",
                scheduler="tcp://127.0.0.1:1",
            )
        )
