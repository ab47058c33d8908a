"""Stories: copies of one wire story, each with its own headline and furniture, are one story;
an outlet's own story on the same events is another; a claim counts its stories."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pandas as pd
import pytest

from pipeline.records import Mention, Quote
from pipeline.run import run_extract
from pipeline.settings import Settings
from pipeline.stories import MIN_WORDS, find_stories, with_stories

WIRE = (
    "MOSCOW (Reuters) - Russian President Vladimir Putin said on Thursday that his Syrian "
    "counterpart Bashar al-Assad was ready to talk to armed opposition groups if they were "
    "genuinely committed to dialogue and to combating Islamic State.\n\n"
    "\u201cWe are ready to support the armed opposition that fights the terrorists in the "
    "same way we support the Syrian army,\u201d Putin told a forum in the Black Sea resort of "
    "Sochi.\n\n"
    "Speaking a day after Assad made a surprise visit to Moscow, Putin said the two leaders "
    "had discussed the need for a political settlement and for elections in Syria.\n\n"
    "\u201cThe military operation can create the right conditions for a political solution "
    "and for the talks on the future of the country,\u201d Putin said.\n\n"
    "Western governments have portrayed Russia as an obstacle to a political deal, "
    "especially since it started air strikes on groups opposed to Assad, including some "
    "backed by the United States and its allies.\n"
)
OWN = (
    "Kremlin offers to back Syrian rebels\n\n"
    "By our correspondent in Sochi\n\n"
    "The Russian leader surprised his audience at the Valdai forum on Thursday evening with "
    "an offer few in the hall had expected. Vladimir Putin, who has spent weeks bombing "
    "rebel positions around Homs and Hama, said Moscow could help some of those very groups.\n\n"
    "\u201cWe are ready to support the armed opposition that fights the terrorists in the "
    "same way we support the Syrian army,\u201d Putin said, to scattered applause.\n\n"
    "Diplomats in Geneva were sceptical. One European envoy said the offer was aimed at "
    "splitting the opposition before any talks began, and that nothing had changed on the "
    "ground in Aleppo, where fighting went on through the night.\n"
)


def read_output(out: Path, name: str) -> pd.DataFrame:
    """One CSV of an output folder, every cell a string (empty cells as "")."""
    return pd.read_csv(out / name, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def copy_of(headline: str, furniture: str, body: str) -> str:
    """A wire story as one outlet prints it: its own headline and page furniture around it."""
    return f"{headline}\n\n{furniture}\n\n{body}\nShare this article\n\nAdvertisement\n"


def test_stories_wire_copies_are_one_story_own_story_another() -> None:
    texts = {
        "haaretz.txt": copy_of("Putin: Assad ready to talk to rebels", "Send in e-mail", WIRE),
        "times.txt": copy_of(
            "Assad open to dialogue with opposition, Putin says",
            "World | Middle East",
            WIRE.rsplit("\n\n", 2)[0],  # the last paragraph cut
        ),
        "guardian.txt": OWN,
        "short.txt": "Putin backs talks\n\n" + WIRE.split("\n\n")[1],  # only the shared quote
    }
    stories = find_stories(texts)
    assert stories["haaretz.txt"] == stories["times.txt"]
    assert len({stories["haaretz.txt"], stories["guardian.txt"], stories["short.txt"]}) == 3
    assert all(s.startswith("S") for s in stories.values())


def test_stories_ids_depend_only_on_their_articles() -> None:
    texts = {"a.txt": copy_of("One", "x", WIRE), "b.txt": copy_of("Two", "y", WIRE), "c": OWN}
    backwards = dict(reversed(list(texts.items())))
    assert find_stories(texts) == find_stories(backwards)
    alone = find_stories({"c": OWN})
    assert alone["c"] == find_stories(texts)["c"]  # a story of one: its id is its own


@pytest.mark.parametrize("text", ["", "Breaking news.", " ".join(["word"] * (MIN_WORDS - 1))])
def test_stories_short_texts_are_stories_of_their_own(text: str) -> None:
    stories = find_stories({"a.txt": text, "b.txt": text, "c.txt": WIRE})
    assert len(set(stories.values())) == 3


def test_stories_find_copies_among_many_articles() -> None:
    """Among 3,000 articles made of shuffled words (no two alike), every article's copy under
    a new headline, with its last quarter cut, is found: the banding's candidates hold it."""
    rng = random.Random(0)
    vocabulary = [f"w{i}" for i in range(5000)]
    texts = {f"a{i}": " ".join(rng.choices(vocabulary, k=200)) for i in range(3000)}
    for i in range(0, 3000, 30):
        words = texts[f"a{i}"].split()
        texts[f"copy{i}"] = "Own headline here\n\n" + " ".join(words[: 3 * len(words) // 4])
    stories = find_stories(texts)
    assert all(stories[f"copy{i}"] == stories[f"a{i}"] for i in range(0, 3000, 30))
    assert len(set(stories.values())) == 3000


def test_stories_mentions_carry_their_article_story() -> None:
    quote = Quote("a.txt", "direct", ((0, 3),), "Yes", (0, 3))
    mentions = with_stories([Mention("M1", quote), Mention("M2", quote)], {"a.txt": "S1"})
    assert [m.story_id for m in mentions] == ["S1", "S1"]


def test_stories_count_once_in_claims(tmp_path: Path) -> None:
    """Two outlets print one wire story with their own headline and furniture, a third its own
    story: every claim both copies carry has one independent source fewer than sources."""
    lines = [
        {"id": "haaretz", "outlet": "Haaretz", "published": "2015-10-22",
         "text": copy_of("Putin: Assad ready to talk to rebels", "Send in e-mail", WIRE)},
        {"id": "times", "outlet": "The Times", "published": "2015-10-23",
         "text": copy_of("Assad open to dialogue, Putin says", "World | Middle East", WIRE)},
        {"id": "guardian", "outlet": "The Guardian", "published": "2015-10-22", "text": OWN},
    ]  # fmt: skip
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    out = tmp_path / "out"
    run_extract(Settings(input=corpus, out=out, all_speakers=True, progress=False, cache=False))
    claims, mentions = (read_output(out, name) for name in ("claims.csv", "mentions.csv"))
    stories = mentions.groupby("source")["story_id"].unique().map(list).to_dict()
    assert stories["haaretz"] == stories["times"] != stories["guardian"]
    carried = claims["sources"].str.split("; ")
    both = claims[carried.map(lambda sources: {"haaretz", "times"} <= set(sources))]
    assert len(both) >= 2
    for _, claim in both.iterrows():
        n_sources, independent = int(claim["n_sources"]), int(claim["independent_sources"])
        assert (n_sources, independent) in {(2, 1), (3, 2)}
    assert set(both["first_outlet"]) <= {"Haaretz", "The Guardian"}  # the earliest dates
