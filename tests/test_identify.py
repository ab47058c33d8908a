"""The identify stage: one name per person or body across articles, junk never a name."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.attribution import load_registry
from pipeline.cli import app
from pipeline.evaluate import evaluate_file
from pipeline.identify import clean, identify
from pipeline.outputs.csv import read_rows
from pipeline.records import Mention, Quote
from pipeline.run import run_extract
from pipeline.settings import Settings


def mention(source: str, speaker: str, written: str = "", n: int = 0) -> Mention:
    """A mention in ``source`` resolved to ``speaker`` (``written`` as the article has it)."""
    quote = Quote(source, "direct", ((n, n + 5),), "words", (0, 9), speaker_mention=written)
    return Mention(f"M{source}{n}", quote, speaker)


def names(*pairs: tuple[str, str]) -> list[str]:
    """The canonical speakers identify gives mentions (source, speaker)."""
    found, _ = identify([mention(s, p, p, i) for i, (s, p) in enumerate(pairs)], load_registry())
    return [m.speaker for m in found]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Donald Trump", "Donald Trump"),
        ("Sen. Marco Rubio", "Marco Rubio"),
        ("Republican nominee Donald Trump", "Donald Trump"),
        ("Russian President Vladimir Putin", "Vladimir Putin"),
        ("Secretary of State John Kerry", "John Kerry"),
        ("Trump's", "Trump"),
        ("Donald Trump Tells", "Donald Trump"),
        ("Trump Warns Clinton", "Trump"),
        ("Jean-Marc Ayrault, the foreign minister of France", "Jean-Marc Ayrault"),
        ("his former partner, Lawrence B. Cummings", "Lawrence B. Cummings"),
        ("a White House spokesman", "a White House spokesman"),
        ("Republican National Committee", "Republican National Committee"),
        ("Larry King and Ed Schultz", "Larry King and Ed Schultz"),
        ("he", None),
        ("'s", None),
        ("something", None),
        ("06.48 Reuters - INDONESIA SEARCH", None),
        ("http://example.com/story", None),
        ("one of the most extraordinary and least expected turns of a long campaign season", None),
    ],
)
def test_identify_clean_names(raw: str, expected: str | None) -> None:
    form = clean(raw)
    assert (form.text if form else None) == expected


def test_identify_one_person_many_names_across_articles() -> None:
    found = names(
        ("a", "Donald Trump"),
        ("b", "Trump"),
        ("c", "Donald J. Trump"),
        ("d", "Mr. Trump"),
        ("e", "Donald Trump Tells"),
        ("f", "Trump Warns Clinton"),
        ("g", "Republican nominee Donald Trump"),
    )
    assert set(found) == {"Donald Trump"}


def test_identify_shared_surname_is_resolved_by_title_or_kept_apart() -> None:
    found, _ = identify(
        [
            mention("a", "Hillary Clinton", "Mrs. Clinton"),
            mention("b", "Bill Clinton", "Mr. Clinton"),
            mention("c", "Clinton", "Mrs. Clinton"),
            mention("d", "Clinton", "Clinton"),
            mention("e", "Chelsea Clinton", "Chelsea Clinton"),
        ],
        load_registry(),
    )
    assert [m.speaker for m in found] == [
        "Hillary Clinton",
        "Bill Clinton",
        "Clinton",  # two Clintons are women: the title does not decide
        "Clinton",
        "Chelsea Clinton",
    ]


def test_identify_title_gender_decides_between_two_holders() -> None:
    found, _ = identify(
        [
            mention("a", "Hillary Clinton", "Mrs. Clinton"),
            mention("b", "Bill Clinton", "Mr. Clinton"),
            mention("c", "Clinton", "Mr. Clinton"),
        ],
        load_registry(),
    )
    assert found[2].speaker == "Bill Clinton"


@pytest.mark.parametrize(
    ("variants", "canonical"),
    [
        (["Moqtada al-Sadr", "Muqtada al-Sadr", "Muqtada al-Sadr", "Sadr"], "Muqtada al-Sadr"),
        (
            ["Hillary Clinton", "Hillary Rodham Clinton", "Crooked Hillary Clinton"],
            "Hillary Clinton",
        ),
        (["Bill de Blasio", "de Blasio", "Mayor Bill de Blasio"], "Bill de Blasio"),
        (["Bashar Assad", "Assad", "President Bashar al-Assad"], "Bashar al-Assad"),
    ],
)
def test_identify_spelling_and_middle_name_variants(variants: list[str], canonical: str) -> None:
    assert set(names(*((f"s{i}", v) for i, v in enumerate(variants)))) == {canonical}


def test_identify_distinct_people_stay_apart() -> None:
    found = names(("a", "George Bush"), ("b", "Laura Bush"), ("c", "Jeb Bush"))
    assert found == ["George Bush", "Laura Bush", "Jeb Bush"]


def test_identify_registry_names_win() -> None:
    assert set(names(("a", "Vladimir V. Putin"), ("b", "Putin"), ("c", "V. Putin"))) == {
        "Vladimir Putin"
    }


def test_identify_bodies_are_one_by_their_words() -> None:
    found, identities = identify(
        [mention("a", "the White House"), mention("b", "White House"), mention("c", "FBI")],
        load_registry(),
    )
    assert found[0].speaker == found[1].speaker == "White House"
    kinds = {i.speaker: i.kind for i in identities}
    assert kinds == {"White House": "organisation", "FBI": "organisation"}


def test_identify_ids_are_stable_slugs_and_independent_of_order() -> None:
    pairs = [("a", "Donald Trump"), ("b", "Trump"), ("c", "José Martí"), ("d", "the FBI")]
    mentions = [mention(s, p, p, i) for i, (s, p) in enumerate(pairs)]
    found, identities = identify(mentions, load_registry())
    assert {m.speaker_id for m in found} == {"donald-trump", "jose-marti", "fbi"}
    shuffled = mentions[:]
    random.Random(1).shuffle(shuffled)
    again, again_ids = identify(shuffled, load_registry())
    assert {m.mention_id: m.speaker_id for m in again} == {
        m.mention_id: m.speaker_id for m in found
    }
    assert set(again_ids) == set(identities)


RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
DATA = Path(__file__).resolve().parent / "data"


def test_identify_speakers_table_and_the_registry_it_grows(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_extract(Settings(RAW, out, progress=False))  # without --all-speakers: still written
    rows = list(read_rows(out / "speakers.csv"))
    assert rows[0]["speaker"] == "Vladimir Putin" and rows[0]["in_registry"] == "true"
    assert [int(r["n_mentions"]) for r in rows] == sorted(
        (int(r["n_mentions"]) for r in rows), reverse=True
    )
    mentions = list(read_rows(out / "mentions.csv"))
    assert {m["speaker_id"] for m in mentions if m["speaker"]} <= {r["speaker_id"] for r in rows}
    grown = CliRunner().invoke(app, ["speakers", str(out / "speakers.csv"), "--top", "3"])
    assert grown.exit_code == 0, grown.stderr
    registry = tmp_path / "my.toml"
    registry.write_text(grown.stdout, encoding="utf-8")
    assert [s.name for s in load_registry(registry).speakers] == [r["speaker"] for r in rows[:3]]
    again = run_extract(Settings(RAW, tmp_path / "again", speakers=registry, progress=False))
    assert again.claims > 0


def test_identify_unreadable_speakers_table_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "speakers.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    for path in (bad, tmp_path / "missing.csv"):
        result = CliRunner().invoke(app, ["speakers", str(path)])
        assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1


def test_identify_hint_when_the_registry_names_nobody_here(tmp_path: Path) -> None:
    registry = tmp_path / "nobody.toml"
    registry.write_text('[[speaker]]\nname = "Ann Nobody"\n', encoding="utf-8")
    summary = run_extract(Settings(RAW, tmp_path / "out", speakers=registry, progress=False))
    assert summary.claims == 0
    assert summary.hint.startswith("0 claims by the 1 registry speakers; most quoted: ")
    assert "Vladimir Putin (" in summary.hint and "--all-speakers" in summary.hint


def test_identify_one_claim_across_outlets_that_name_the_speaker_differently() -> None:
    """The same statement printed by outlets that name its speaker differently (full name,
    surname alone in its file, title, middle name, spelling variant) is one claim."""
    report = evaluate_file(DATA / "cross_outlet.jsonl", DATA / "cross_outlet_clusters.jsonl")
    assert report.clusters is not None
    assert report.clusters.r >= 0.8 and report.clusters.p >= 0.88
