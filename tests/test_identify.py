"""The identify stage: one name per person or body across articles, junk never a name."""

from __future__ import annotations

import random

import pytest

from pipeline.attribution import load_registry
from pipeline.identify import clean, identify
from pipeline.records import Mention, Quote


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
