"""A registry users can grow: the most quoted speakers of a run's speakers.csv as a registry
file that ``--speakers FILE`` reads back (``python -m pipeline speakers``)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pipeline.attribution.registry import Speaker, registry_toml
from pipeline.errors import SpeakersTableError
from pipeline.outputs.csv import read_rows

REGISTRY_KINDS = ("person", "organisation")  # what a registry of speakers holds
NEEDED = ("speaker", "kind", "aliases", "n_mentions", "roles", "gender")
MAX_ROLES = 5


def grown_registry(table: Path, top: int) -> str:
    """The registry file of the ``top`` most quoted people and organisations of a
    speakers.csv: their names, the other names the articles give them (an alias two of
    them share is left out, so that the file loads), their roles and their gender.

    Raises:
        SpeakersTableError: the file cannot be read or is no speakers.csv.
    """
    try:
        rows = list(read_rows(table))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise SpeakersTableError(table, str(getattr(err, "strerror", None) or err)) from err
    if rows and any(column not in rows[0] for column in NEEDED):
        raise SpeakersTableError(table, f"it lacks one of the columns {', '.join(NEEDED)}")
    try:
        chosen = sorted(
            (r for r in rows if r["kind"] in REGISTRY_KINDS),
            key=lambda r: (-int(r["n_mentions"]), r["speaker"]),
        )[:top]
    except ValueError as err:
        raise SpeakersTableError(table, f"n_mentions is not a count ({err})") from err
    names = [
        [a for a in r["aliases"].split("; ") if a and a.casefold() != r["speaker"].casefold()]
        for r in chosen
    ]
    shared = Counter(
        a.casefold()
        for r, aliases in zip(chosen, names, strict=True)
        for a in {*aliases, r["speaker"]}
    )
    speakers = [
        Speaker(
            r["speaker"],
            tuple(a for a in aliases if shared[a.casefold()] == 1),
            tuple(filter(None, r["roles"].split("; ")))[:MAX_ROLES],
            r["gender"] if r["gender"] in ("m", "f") else "",
        )
        for r, aliases in zip(chosen, names, strict=True)
    ]
    return registry_toml(
        speakers,
        f"The {len(speakers)} most quoted speakers of {table.name}, for --speakers FILE; "
        "edit freely.",
    )
