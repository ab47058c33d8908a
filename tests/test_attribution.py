"""Tests of the attribute stage: names, variants, pronouns, roles, bodies, continuation,
relayed speech and the replaceable speaker registry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.attribution import Registry, Speaker, attribute, cast, load_registry
from pipeline.attribution.resolver import pronoun_kinds
from pipeline.errors import RegistryError
from pipeline.records import Article, Block, CleanArticle, Mention, Quote, QuoteType, stable_id

QuoteSpec = tuple[str, str | None, QuoteType]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def run(
    nlp: Language, text: str, specs: list[QuoteSpec], registry: Registry
) -> tuple[Mention, ...]:
    """Attribute quotes given as (content, mention or None, type); each content is found in
    ``text`` once, its mention in the same sentence outside it."""
    doc = nlp(text)
    blocks = tuple(Block(m.start(), m.end(), "body") for m in re.finditer(r"[^\n]+", text))
    clean = CleanArticle(Article("t.txt", text), blocks)
    quotes = []
    for content, mention, kind in specs:
        start = text.index(content)
        sent = doc.char_span(start, start + len(content), alignment_mode="expand")
        assert sent is not None
        s = sent[0].sent
        span = None
        if mention is not None:
            found = [m.start() for m in re.finditer(re.escape(mention), text[: s.end_char])]
            inside = range(start, start + len(content))
            at = next(i for i in found if i >= s.start_char and i not in inside)
            span = (at, at + len(mention))
        quotes.append(
            Quote(
                "t.txt",
                kind,
                ((start, start + len(content)),),
                content,
                (s.start_char, s.end_char),
                speaker_mention=mention or "",
                speaker_span=span,
            )
        )
    quotes.sort(key=lambda q: q.start)
    return attribute(doc, quotes, clean, registry)


def speaker_of(
    nlp: Language, text: str, content: str, mention: str | None, registry: Registry
) -> str:
    return run(nlp, text, [(content, mention, "indirect")], registry)[0].speaker


@pytest.mark.parametrize(
    ("text", "content", "mention", "expected"),
    [
        # full names, surnames and spelling variants
        (
            "Vladimir Putin said the talks were useful.",
            "the talks were useful",
            "Vladimir Putin",
            "Vladimir Putin",
        ),
        (
            "Cameron told reporters that the plan would work.",
            "the plan would work",
            "Cameron",
            "David Cameron",
        ),
        (
            "Bashar Assad said the army would advance.",
            "the army would advance",
            "Bashar Assad",
            "Bashar al-Assad",
        ),
        (
            "Al-Assad insisted that the elections were fair.",
            "the elections were fair",
            "Al-Assad",
            "Bashar al-Assad",
        ),
        (
            "President Obama said the economy was growing.",
            "the economy was growing",
            "President Obama",
            "Barack Obama",
        ),
        # a relative of a registry speaker is someone else
        (
            "Michelle Obama said the garden was thriving.",
            "the garden was thriving",
            "Michelle Obama",
            "Michelle Obama",
        ),
        # non-registry people get the fullest name the article gives
        (
            "Sergei Lavrov arrived in Geneva.\nLavrov said the ceasefire would hold.",
            "the ceasefire would hold",
            "Lavrov",
            "Sergei Lavrov",
        ),
        ("Lavrov said the ceasefire would hold.", "the ceasefire would hold", "Lavrov", "Lavrov"),
    ],
)
def test_attribution_names(
    nlp: Language, registry: Registry, text: str, content: str, mention: str, expected: str
) -> None:
    assert speaker_of(nlp, text, content, mention, registry) == expected


@pytest.mark.parametrize(
    ("text", "content", "expected"),
    [
        (
            "Obama landed in Berlin on Monday.\nHe said the alliance was strong.",
            "the alliance was strong",
            "Barack Obama",
        ),
        # she cannot be Obama, whose registry gender is male
        (
            "Angela Merkel met Obama in Berlin.\nShe said the alliance was strong.",
            "the alliance was strong",
            "Angela Merkel",
        ),
        # a title tells the gender: he is not Mrs. Merkel
        (
            "Mrs. Merkel met Obama in Berlin.\nHe said the alliance was strong.",
            "the alliance was strong",
            "Barack Obama",
        ),
        # nobody before the pronoun: unresolved
        ("He said the alliance was strong.", "the alliance was strong", ""),
        # a person named inside the quote's own content is not its speaker
        (
            "Cameron spoke in Rome.\nThe army of Assad will fall, he said.",
            "The army of Assad will fall",
            "David Cameron",
        ),
        (
            'Obama met Jens Holm in Oslo.\n"Obama was right," he said.',
            "Obama was right",
            "Jens Holm",
        ),
    ],
)
def test_attribution_pronouns(
    nlp: Language, registry: Registry, text: str, content: str, expected: str
) -> None:
    pronoun = "She" if "She" in text else "he" if " he " in text else "He"
    assert speaker_of(nlp, text, content, pronoun, registry) == expected


@pytest.mark.parametrize(
    ("text", "content", "mention", "expected"),
    [
        # roles from the registry
        (
            "The Russian president said sanctions had failed.",
            "sanctions had failed",
            "The Russian president",
            "Vladimir Putin",
        ),
        (
            "Putin met Cameron in Moscow.\nThe British prime minister said trade would grow.",
            "trade would grow",
            "The British prime minister",
            "David Cameron",
        ),
        (
            "Putin welcomed his Syrian counterpart to Moscow.\nHis Syrian counterpart said the "
            "war was ending.",
            "the war was ending",
            "His Syrian counterpart",
            "Bashar al-Assad",
        ),
        # roles learnt from the article: title + name, and appositive
        (
            "German Chancellor Angela Merkel arrived in Paris.\nThe German chancellor said Europe "
            "must act.",
            "Europe must act",
            "The German chancellor",
            "Angela Merkel",
        ),
        (
            "Jens Holm, the Danish foreign minister, visited Kiev.\nThe foreign minister said "
            "the border was calm.",
            "the border was calm",
            "The foreign minister",
            "Jens Holm",
        ),
        # no role fits: the article's words
        (
            "The Danish foreign minister said the border was calm.",
            "the border was calm",
            "The Danish foreign minister",
            "Danish foreign minister",
        ),
        (
            "His Danish counterpart said the border was calm.",
            "the border was calm",
            "His Danish counterpart",
            "His Danish counterpart",
        ),
        # organisations and bodies stay as named
        (
            "The Kremlin said the report was false.",
            "the report was false",
            "The Kremlin",
            "Kremlin",
        ),
        (
            "Some European diplomats said the deal was close.",
            "the deal was close",
            "Some European diplomats",
            "Some European diplomats",
        ),
        (
            "The State Department denied the report, with a spokesman saying the story was "
            "invented.",
            "the story was invented",
            "a spokesman",
            "State Department spokesman",
        ),
    ],
)
def test_attribution_roles_and_bodies(
    nlp: Language, registry: Registry, text: str, content: str, mention: str, expected: str
) -> None:
    assert speaker_of(nlp, text, content, mention, registry) == expected


@pytest.mark.parametrize(
    ("text", "content", "expected"),
    [
        ("Obama told reporters the recovery was real.", "the recovery was real", "Barack Obama"),
        ("The recovery was real, according to Cameron.", "The recovery was real", "David Cameron"),
        ('"We will win," said Putin.', "We will win", "Vladimir Putin"),
        ('"Why wait?" Lavrov demanded.', "Why wait?", "Lavrov"),
        ("MARSH: We will win the vote.", "We will win the vote.", "MARSH"),
        # no speaker in the sentence and no quote before: unresolved
        ("The recovery was real and the markets rose.", "The recovery was real", ""),
    ],
)
def test_attribution_finds_mention_without_span(
    nlp: Language, registry: Registry, text: str, content: str, expected: str
) -> None:
    mention = run(nlp, text, [(content, None, "direct")], registry)[0]
    assert mention.speaker == expected
    assert bool(mention.quote.speaker_span) == bool(expected)


@pytest.mark.parametrize(
    ("gap", "expected"),
    [
        ("", "Sergei Lavrov"),
        ("Markets fell.\nOil rose.\nGold was flat.\n", ""),
    ],
)
def test_attribution_continuation_paragraph(
    nlp: Language, registry: Registry, gap: str, expected: str
) -> None:
    text = f'Sergei Lavrov said: "The talks went well."\n{gap}"We will meet again next week."'
    specs: list[QuoteSpec] = [
        ("The talks went well.", "Sergei Lavrov", "direct"),
        ("We will meet again next week.", None, "direct"),
    ]
    first, second = run(nlp, text, specs, registry)
    assert first.speaker == "Sergei Lavrov"
    assert second.speaker == expected


def test_attribution_relayed_speech(nlp: Language, registry: Registry) -> None:
    text = "Putin met Cameron in Sochi.\n\"He told me: 'We will stay the course',\" Putin said."
    specs: list[QuoteSpec] = [
        ("He told me: 'We will stay the course',", "Putin", "direct"),
        ("We will stay the course", "He", "direct"),
    ]
    outer, inner = run(nlp, text, specs, registry)
    assert (outer.speaker, outer.reported_by) == ("Vladimir Putin", "")
    assert (inner.speaker, inner.reported_by) == ("David Cameron", "Vladimir Putin")


def test_attribution_first_person_relay_is_the_outer_speaker(
    nlp: Language, registry: Registry
) -> None:
    text = "\"I asked him: 'Will you stay?'\" Cameron said."
    specs: list[QuoteSpec] = [
        ("I asked him: 'Will you stay?'", "Cameron", "direct"),
        ("Will you stay?", "I", "direct"),
    ]
    _, inner = run(nlp, text, specs, registry)
    assert (inner.speaker, inner.reported_by) == ("David Cameron", "")


def test_attribution_ignores_a_given_mention_inside_the_quote(
    nlp: Language, registry: Registry
) -> None:
    text = '"We will stay," Cameron said.'
    doc = nlp(text)
    clean = CleanArticle(Article("t.txt", text), (Block(0, len(text), "body"),))
    quote = Quote(
        "t.txt",
        "direct",
        ((1, 13),),
        "We will stay",
        (0, len(text)),
        speaker_mention="We",
        speaker_span=(1, 3),
    )
    (mention,) = attribute(doc, [quote], clean, registry)
    assert (mention.speaker, mention.quote.speaker_mention) == ("David Cameron", "Cameron")


def test_attribution_mentions_keep_order_and_ids(nlp: Language, registry: Registry) -> None:
    text = "Putin said the war was over. Cameron said the war was not over."
    specs: list[QuoteSpec] = [
        ("the war was over", "Putin", "indirect"),
        ("the war was not over", "Cameron", "indirect"),
    ]
    mentions = run(nlp, text, specs, registry)
    assert [m.speaker for m in mentions] == ["Vladimir Putin", "David Cameron"]
    assert all(m.in_registry for m in mentions)
    assert [m.mention_id for m in mentions] == [
        stable_id("M", "t.txt", m.quote.start, m.quote.end) for m in mentions
    ]


def test_attribution_replacement_registry(nlp: Language, tmp_path: Path) -> None:
    path = tmp_path / "people.toml"
    path.write_text(
        '[[speaker]]\nname = "Angela Merkel"\naliases = ["Merkel"]\n'
        'roles = ["German chancellor"]\ngender = "f"\n',
        encoding="utf-8",
    )
    registry = load_registry(path)
    merkel = Speaker("Angela Merkel", ("Merkel",), ("German chancellor",), "f")
    assert registry.speakers == (merkel,)
    text = "The German chancellor said trade was fair. Putin said trade was unfair."
    specs: list[QuoteSpec] = [
        ("trade was fair", "The German chancellor", "indirect"),
        ("trade was unfair", "Putin", "indirect"),
    ]
    chancellor, putin = run(nlp, text, specs, registry)
    assert (chancellor.speaker, chancellor.in_registry) == ("Angela Merkel", True)
    assert (putin.speaker, putin.in_registry) == ("Putin", False)


def test_attribution_registry_with_byte_order_mark(tmp_path: Path) -> None:
    """A registry saved by an editor that writes a UTF-8 byte order mark still loads."""
    path = tmp_path / "people.toml"
    path.write_text('[[speaker]]\nname = "Angela Merkel"\n', encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert load_registry(path).speakers == (Speaker("Angela Merkel"),)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot be read"),
        ("[[speaker]\nname=", "not valid TOML"),
        ("title = 'no speakers'\n", "no [[speaker]] entries"),
        ("[[speaker]]\naliases = ['X']\n", "needs a name"),
        ("[[speaker]]\nname = 'X'\nroles = 'leader'\n", "roles must be strings"),
        ("[[speaker]]\nname = 'X'\ngender = 'x'\n", "gender"),
    ],
)
def test_attribution_registry_errors(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "bad.toml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(RegistryError, match=re.escape(message)):
        load_registry(path)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Assad", "Bashar al-Assad"),
        ("al-Assad", "Bashar al-Assad"),
        ("Bashar al Assad", "Bashar al-Assad"),
        ("Putin's", "Vladimir Putin"),
        ("Mr. Cameron", "David Cameron"),
        ("Michelle Obama", None),
        ("Sergei Lavrov", None),
        ("", None),
    ],
)
def test_attribution_registry_find(registry: Registry, name: str, expected: str | None) -> None:
    found = registry.find(name)
    assert (found.name if found else None) == expected


@pytest.mark.parametrize(
    ("text", "content", "mention", "expected"),
    [
        # it: the organisation, country or ministry named before
        (
            "The Kremlin rejected the claims.\nIt said the report was invented.",
            "the report was invented",
            "It",
            "Kremlin",
        ),
        (
            "The ministry has said it believes the bill is dangerous.",
            "the bill is dangerous",
            "it",
            "ministry",
        ),
        (
            "The defence ministry spoke on Tuesday.\nIt added that no pilots were hurt.",
            "no pilots were hurt",
            "It",
            "defence ministry",
        ),
        # they: a body or a group named before
        (
            "Some European diplomats met in Brussels.\nThey said the deal was close.",
            "the deal was close",
            "They",
            "Some European diplomats",
        ),
        # it and they are never a person; he is never a body
        (
            "Obama met the press in Ohio.\nIt said the economy was growing.",
            "the economy was growing",
            "It",
            "",
        ),
        (
            "The Kremlin met Obama.\nHe said the talks had gone well.",
            "the talks had gone well",
            "He",
            "Barack Obama",
        ),
        # this/these stay unresolved
        (
            "The Kremlin rejected the claims.\nThis suggests the talks have failed.",
            "the talks have failed",
            "This",
            "",
        ),
    ],
)
def test_attribution_it_and_they_resolve_to_bodies(
    nlp: Language, registry: Registry, text: str, content: str, mention: str, expected: str
) -> None:
    assert speaker_of(nlp, text, content, mention, registry) == expected


@pytest.mark.parametrize(
    ("words", "pos", "ent", "expected"),
    [
        (["The", "ministry", "said"], ["DET", "NOUN", "VERB"], "", "body"),
        (["Diplomats", "said"], ["NOUN", "VERB"], "", "group"),
        (["They", "said"], ["PRON", "VERB"], "", "group"),
        (["NATO", "said"], ["PROPN", "VERB"], "ORG", "name"),
        (["Russia", "said"], ["PROPN", "VERB"], "GPE", "name"),
        (["Merkel", "said"], ["PROPN", "VERB"], "PERSON", "person"),
        (["The", "minister", "said"], ["DET", "NOUN", "VERB"], "", "person"),
    ],
)
def test_attribution_mention_kind(
    nlp: Language, words: list[str], pos: list[str], ent: str, expected: str
) -> None:
    """A proper name the recogniser calls an organisation may still be a person ("name"):
    he, she, it and they may all stand for it."""
    n = len(words)
    tags = [
        "NNS" if w.endswith("s") and p == "NOUN" else "XX" for w, p in zip(words, pos, strict=True)
    ]
    doc = Doc(
        nlp.vocab,
        words=words,
        pos=pos,
        tags=tags,
        heads=[*range(1, n), n - 1],
        deps=["det"] * (n - 2) + ["nsubj", "ROOT"],
        lemmas=[w.lower() for w in words],
        ents=[f"B-{ent}" if ent else "O"] + ["O"] * (n - 1),
    )
    assert cast.kind(doc[: n - 1]) == expected
    assert (expected in pronoun_kinds("she")) == (expected in ("person", "name"))
    assert (expected in pronoun_kinds("it")) == (expected in ("body", "name"))


def asked_quote(text: str, content: str, cue: str, mention: str) -> Quote:
    """A quote whose cue and mention the quote stage gave, as it does for "when asked"."""
    start, at, by = text.index(content), text.index(cue), text.index(mention)
    return Quote(
        "t.txt",
        "indirect",
        ((start, start + len(content)),),
        content,
        (0, len(text)),
        cue=cue,
        cue_span=(at, at + len(cue)),
        speaker_mention=mention,
        speaker_span=(by, by + len(mention)),
    )


@pytest.mark.parametrize(
    ("text", "content", "cue", "mention", "expected"),
    [
        # a passive "ask" naming no asker: the unnamed interviewer's question
        (
            "Putin said, when asked whether he would visit Kiev, that he had no plans.",
            "whether he would visit Kiev",
            "asked",
            "Putin",
            "interviewer",
        ),
        (
            "When asked what he wanted from Europe, Assad said the sanctions must end.",
            "what he wanted from Europe",
            "asked",
            "Assad",
            "interviewer",
        ),
        (
            "Cameron was asked if the vote would be held in June.",
            "the vote would be held in June",
            "asked",
            "Cameron",
            "interviewer",
        ),
        # the asker is named: subject or agent
        (
            "Cameron asked whether the vote would be held in June.",
            "the vote would be held in June",
            "asked",
            "Cameron",
            "David Cameron",
        ),
        (
            "Putin was asked by reporters whether the strikes would go on.",
            "the strikes would go on",
            "asked",
            "reporters",
            "reporters",
        ),
    ],
)
def test_attribution_when_asked_is_the_interviewer(
    nlp: Language,
    registry: Registry,
    text: str,
    content: str,
    cue: str,
    mention: str,
    expected: str,
) -> None:
    doc = nlp(text)
    clean = CleanArticle(Article("t.txt", text), (Block(0, len(text), "body"),))
    (found,) = attribute(doc, [asked_quote(text, content, cue, mention)], clean, registry)
    assert found.speaker == expected
    assert bool(found.quote.speaker_span) == (expected != "interviewer")


@pytest.mark.parametrize(
    ("text", "specs", "resolutions"),
    [
        (
            "Vladimir Putin said the talks were useful.",
            [("the talks were useful", "Vladimir Putin", "indirect")],
            ["name"],
        ),
        (
            "Vladimir Putin arrived. Putin said the talks were useful.",
            [("the talks were useful", "Putin", "indirect")],
            ["surname"],
        ),
        (
            "Vladimir Putin arrived on Monday. He said the talks were useful.",
            [("the talks were useful", "He", "indirect")],
            ["pronoun"],
        ),
        (
            "A White House spokesman said the talks were useful.",
            [("the talks were useful", "A White House spokesman", "indirect")],
            ["role"],
        ),
        (
            "\u201cThe talks were useful,\u201d Putin said.\n"
            "\u201cWe will meet again soon.\u201d\n",
            [
                ("The talks were useful", "Putin", "direct"),
                ("We will meet again soon", None, "direct"),
            ],
            ["surname", "continuation"],
        ),
        (
            "Everyone said the talks were useful.",
            [("the talks were useful", "Everyone", "indirect")],
            ["none"],
        ),
    ],
    ids=["name", "surname", "pronoun", "role", "continuation", "quantifier-is-nobody"],
)
def test_attribution_says_how_each_speaker_was_found(
    nlp: Language,
    registry: Registry,
    text: str,
    specs: list[QuoteSpec],
    resolutions: list[str],
) -> None:
    mentions = run(nlp, text, specs, registry)
    assert [m.resolution for m in mentions] == resolutions
    assert all((m.confidence > 0) == bool(m.speaker) for m in mentions)
    assert all(0 <= m.confidence <= 1 for m in mentions)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Donald Trump Tells Supporters To Watch Polls\n\nDonald Trump said so.", {"Donald Trump"}),
        ("Clinton Hid Past Health Problems From Voters\n\nClinton denied it.", {"Clinton"}),
        ("Glenn Beck Blasts Drudge Over The Report\n\nHe said so.", {"Glenn Beck"}),
        ("Ann Lee Wins The Vote In Ohio\n\nAnn Lee Carter said so.", {"Ann Lee", "Ann Lee Carter"}),
    ],
    ids=["body-names-it", "surname-only", "headline-verb", "body-longer"],
)
def test_attribution_headline_names_cut_to_the_bodys(
    nlp: Language, text: str, names: set[str]
) -> None:
    persons = {e.text for e in cast.names_in_headlines_trimmed(nlp(text)) if e.label_ == "PERSON"}
    assert persons == names


def test_attribution_a_documents_owner_speaks(nlp: Language, registry: Registry) -> None:
    text = "A new Obama ad said the plan would cut taxes for families."
    [mention] = run(
        nlp,
        text,
        [("the plan would cut taxes for families", "A new Obama ad", "indirect")],
        registry,
    )
    assert mention.speaker == "Barack Obama"


def test_attribution_registry_alias_naming_two_speakers_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "two.toml"
    path.write_text(
        '[[speaker]]\nname = "Bill Clinton"\naliases = ["Clinton"]\n'
        '[[speaker]]\nname = "Hillary Clinton"\naliases = ["Clinton"]\n',
        encoding="utf-8",
    )
    with pytest.raises(RegistryError, match="'clinton' names both Bill Clinton and Hillary"):
        load_registry(path)


def test_attribution_registry_surname_shared_by_two_finds_nobody() -> None:
    two = Registry((Speaker("Bill Clinton"), Speaker("Hillary Clinton")))
    assert two.find("Clinton") is None
    assert two.find("Hillary Clinton") == Speaker("Hillary Clinton")
