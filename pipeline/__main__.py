"""``python -m pipeline``: the command line."""

from pipeline.cli import app

app(prog_name="python -m pipeline")
