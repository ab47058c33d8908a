"""Tests of the quotes stage on short sentences written for them."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.quotes import EXTENSION, SPANS_KEY, find_quotes, paragraphs
from pipeline.records import FRAGMENT_JOIN, Article, Block, CleanArticle, Quote

TITLE = "A title line\n\n"


def _clean(text: str) -> CleanArticle:
    """Every line a body block, the first one the title."""
    blocks = tuple(
        Block(s, e, "title" if n == 0 else "body") for n, (s, e) in enumerate(paragraphs(text))
    )
    return CleanArticle(Article("test.txt", text), blocks)


def _quotes(nlp: Language, body: str) -> tuple[Quote, ...]:
    text = TITLE + body
    return find_quotes(nlp(text), _clean(text))


def _texts(quotes: tuple[Quote, ...], kind: str | None = None) -> list[str]:
    return [q.text for q in quotes if kind is None or q.type == kind]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('"We will build the bridge next year," the mayor said.', "We will build"),
        ("“We will build the bridge next year,” the mayor said.", "We will build"),
        ("‘We will build the bridge next year,’ the mayor said.", "We will build"),
        ("'We will build the bridge next year,' the mayor said.", "We will build"),
        ("«We will build the bridge next year», the mayor said.", "We will build"),
        ("„We will build the bridge next year“, the mayor said.", "We will build"),
        ("''We will build the bridge next year,'' the mayor said.", "We will build"),
        ("”We will build the bridge next year,” the mayor said.", "We will build"),
        ("The mayor said: “The council doesn't fund the '90s projects.”", "The council doesn't"),
        ("“The students' union won't agree to this plan,” she said.", "The students' union"),
    ],
)
def test_quotes_direct_every_mark_style(nlp: Language, body: str, expected: str) -> None:
    direct = _texts(_quotes(nlp, body), "direct")
    assert len(direct) == 1
    assert direct[0].startswith(expected)
    assert not direct[0].endswith(",")


def test_quotes_direct_speaker_and_cue(nlp: Language) -> None:
    (quote,) = _quotes(nlp, "“The budget is too small,” the finance minister told reporters.")
    assert quote.cue == "told"
    assert quote.speaker_mention == "the finance minister"
    assert quote.speaker_span is not None


def test_quotes_direct_split_by_attribution_is_one_quote(nlp: Language) -> None:
    body = "“The road is closed,” the officer said. “Drivers should take the bridge.”"
    (quote,) = _quotes(nlp, body)
    assert quote.type == "direct"
    assert len(quote.fragments) == 2
    assert quote.text == "The road is closed" + FRAGMENT_JOIN + "Drivers should take the bridge."
    assert quote.speaker_mention == "the officer"


def test_quotes_direct_over_paragraphs_is_one_quote(nlp: Language) -> None:
    body = (
        "The coach said: “We trained hard all winter and the players deserve the title.\n\n"
        "“Next season will be harder, but we are ready for it.”"
    )
    direct = [q for q in _quotes(nlp, body) if q.type == "direct"]
    assert len(direct) == 1
    assert len(direct[0].fragments) == 2
    assert direct[0].text.endswith("ready for it.")


def test_quotes_direct_nested_gives_both(nlp: Language) -> None:
    body = "“I told him: ‘Your plan will never pass the senate,’ and he laughed,” she said."
    texts = _texts(_quotes(nlp, body), "direct")
    assert any(t.startswith("I told him") for t in texts)
    assert "Your plan will never pass the senate" in texts


def test_quotes_unbalanced_mark_stays_local(nlp: Language) -> None:
    body = (
        "A stray “ mark opens here and never closes in this paragraph at all.\n\n"
        "“The harvest was the best in ten years,” the farmer said."
    )
    texts = _texts(_quotes(nlp, body), "direct")
    assert "The harvest was the best in ten years" in texts


@pytest.mark.parametrize(
    "body",
    [
        "The writer calls the group a “Caliphate” in the article.",
        "She read “The Long Road Home” on the train.",
        "Critics called the film “brilliant”.",
        "It's the '90s and the students' rooms aren't warm.",
    ],
)
def test_quotes_not_claims(nlp: Language, body: str) -> None:
    assert _texts(_quotes(nlp, body), "direct") == []


@pytest.mark.parametrize(
    ("body", "cue", "content", "speaker"),
    [
        ("The minister said the talks had failed.", "said", "the talks had failed", "The minister"),
        (
            "The minister has said that prices will rise.",
            "has said",
            "prices will rise",
            "The minister",
        ),
        (
            "She told reporters the vote would be delayed.",
            "told",
            "the vote would be delayed",
            "She",
        ),
        (
            "The chief warned that the river could flood.",
            "warned",
            "the river could flood",
            "The chief",
        ),
        ("He insisted the money was never spent.", "insisted", "the money was never spent", "He"),
        (
            "The union denied that it had broken the deal.",
            "denied",
            "it had broken the deal",
            "The union",
        ),
        ("The plan is dead, the senator said.", "said", "The plan is dead", "the senator"),
        (
            "The judge asked whether the witness was present.",
            "asked",
            "whether the witness was present",
            "The judge",
        ),
        (
            "The council called for a full review of the budget.",
            "called",
            "a full review of the budget",
            "The council",
        ),
        (
            "The doctors urged parents to vaccinate their children.",
            "urged",
            "parents to vaccinate their children",
            "The doctors",
        ),
    ],
)
def test_quotes_indirect_cues(
    nlp: Language, body: str, cue: str, content: str, speaker: str
) -> None:
    quotes = [q for q in _quotes(nlp, body) if q.type == "indirect"]
    assert [(q.cue, q.text, q.speaker_mention) for q in quotes] == [(cue, content, speaker)]


def test_quotes_indirect_split_by_attribution(nlp: Language) -> None:
    (quote,) = _quotes(nlp, "The bridge, the engineer said, will open in June.")
    assert quote.text == "The bridge" + FRAGMENT_JOIN + "will open in June"
    assert quote.speaker_mention == "the engineer"


def test_quotes_indirect_according_to(nlp: Language) -> None:
    (quote,) = _quotes(nlp, "The factory will close in May, according to the company.")
    assert quote.text == "The factory will close in May"
    assert quote.speaker_mention == "the company"


def test_quotes_indirect_describe_as(nlp: Language) -> None:
    (quote,) = _quotes(nlp, "The mayor described the new tax as a burden on families.")
    assert quote.text == "the new tax as a burden on families"


@pytest.mark.parametrize(
    "body",
    [
        "The bridge was closed for repairs.",
        "The minister visited the school on Monday.",
        "Said to be the oldest tree in town, it fell last night.",
    ],
)
def test_quotes_indirect_negatives(nlp: Language, body: str) -> None:
    assert _quotes(nlp, body) == ()


def test_quotes_mixed_keeps_inner_marks(nlp: Language) -> None:
    body = "The governor said the new law was “a disaster for farmers” and must change."
    quotes = _quotes(nlp, body)
    assert [q.type for q in quotes] == ["mixed"]
    assert "“a disaster for farmers”" in quotes[0].text


@pytest.mark.parametrize(
    ("body", "kind", "text"),
    [
        pytest.param(
            "She said that Cruz has “taken every punch they threw, and he is standing tall.”",
            "mixed",
            "Cruz has “taken every punch they threw, and he is standing tall.”",
            id="one word of the clause outside the marks",
        ),
        pytest.param(
            "The senator said “the vote was rigged from the start.”",
            "direct",
            "the vote was rigged from the start.",
            id="the whole clause inside the marks",
        ),
    ],
)
def test_quotes_mixed_when_the_clause_leaves_the_marks(
    nlp: Language, body: str, kind: str, text: str
) -> None:
    (quote,) = _quotes(nlp, body)
    assert (quote.type, quote.text) == (kind, text)


@pytest.mark.parametrize(
    ("title", "kind", "content"),
    [
        ("Mayor: City Will Rebuild the Old Bridge", "headline", "City Will Rebuild the Old Bridge"),
        ("Mayor Says City Will Rebuild the Old Bridge", "indirect", "City Will Rebuild"),
    ],
)
def test_quotes_headline(nlp: Language, title: str, kind: str, content: str) -> None:
    text = title + "\n\nThe bridge fell in March."
    quotes = find_quotes(nlp(text), _clean(text))
    assert [q.type for q in quotes] == [kind]
    assert quotes[0].text.startswith(content)


@pytest.mark.parametrize(
    "rubric", ["Breaking", "Revealed", "BOOM", "Bombshell", "LOOK", "Paid Notice"]
)
def test_quotes_headline_rubric_is_not_a_speaker(nlp: Language, rubric: str) -> None:
    text = f"{rubric}: Bridge Falls Into the River\n\nThe bridge fell in March."
    assert find_quotes(nlp(text), _clean(text)) == ()


def test_quotes_headline_after_a_rubric_is_read_on(nlp: Language) -> None:
    text = "The Latest: Mayor Says City Will Rebuild the Old Bridge\n\nThe bridge fell in March."
    [quote] = find_quotes(nlp(text), _clean(text))
    assert (quote.type, quote.speaker_mention) == ("indirect", "Mayor")
    assert quote.text.startswith("City Will Rebuild")


@pytest.mark.parametrize(
    ("body", "question"),
    [
        ("“Where will the money come from?” the senator asked.", True),
        ("The senator asked whether the money would come.", True),
        ("“The money will come from taxes,” the senator said.", False),
        ("“Where is it? We need it now,” the senator said.", True),
        ("The senator asked for patience when the storm began.", False),
    ],
)
def test_quotes_is_question(nlp: Language, body: str, question: bool) -> None:
    (quote,) = _quotes(nlp, body)
    assert quote.is_question is question


def test_quotes_relayed_question_is_a_question(nlp: Language) -> None:
    body = "The mayor said she asked him what view he would take on the new bridge."
    quotes = _quotes(nlp, body)
    assert [q.text for q in quotes] == [
        "she asked him what view he would take on the new bridge",
        "what view he would take on the new bridge",
    ]
    assert all(q.is_question for q in quotes)


@pytest.mark.parametrize(
    ("body", "content"),
    [
        pytest.param(
            "The mayor said the city would hire “every driver ready to work” for the new "
            "bus line, which has cost millions since its start.",
            "the city would hire “every driver ready to work” for the new bus line",
            id="aside after a partial quote",
        ),
        pytest.param(
            "The critics questioned the health of the mayor, who is 70.",
            "the health of the mayor",
            id="aside on a nested noun of the object",
        ),
        pytest.param(
            "The mayor said the city had lost its biggest bus line, which had cost millions.",
            "the city had lost its biggest bus line, which had cost millions",
            id="plain reported clause keeps it",
        ),
        pytest.param(
            "The mayor said the money went to Anna Berg, who runs the shelter.",
            "the money went to Anna Berg",
            id="who a named person is",
        ),
        pytest.param(
            "The mayor said the city seems “ready to build” the line, which is good because, "
            "“In the end, we all need the buses.”",
            "the city seems “ready to build” the line, which is good because, “In the end, we "
            "all need the buses.”",
            id="aside quoting the speaker is kept",
        ),
    ],
)
def test_quotes_trailing_aside(nlp: Language, body: str, content: str) -> None:
    assert [q.text for q in _quotes(nlp, body)] == [content]


def test_quotes_component_sets_spans_and_extension(nlp: Language) -> None:
    doc = nlp("Title\n\n“The road is closed to all traffic,” the officer said.")
    component = nlp.create_pipe("claims_quotes")
    component(doc)
    assert [s.label_ for s in doc.spans[SPANS_KEY]] == ["direct"]
    assert doc._.get(EXTENSION)[0].cue == "said"


@pytest.mark.parametrize(("config", "key"), [({}, SPANS_KEY), ({"spans_key": "said"}, "said")])
def test_quotes_component_added_to_a_pipeline(
    nlp: Language, config: dict[str, str], key: str
) -> None:
    nlp.add_pipe("claims_quotes", config=config)
    try:
        doc = nlp("Title\n\nThe mayor said the bridge would open in May next year.")
    finally:
        nlp.remove_pipe("claims_quotes")
    assert [(s.label_, s.text) for s in doc.spans[key]] == [
        ("indirect", "the bridge would open in May next year")
    ]


def _check_slices(doc: Doc, text: str) -> None:
    for quote in find_quotes(doc, _clean(text)):
        pieces = [text[s:e] for s, e in quote.fragments]
        assert quote.text == FRAGMENT_JOIN.join(pieces)
        assert all(s < e for s, e in quote.fragments)
        assert quote.sentence[0] <= quote.start and quote.end <= quote.sentence[1]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [
                '"',
                "“",
                "”",
                "‘",
                "’",
                "'",
                "«",
                "»",
                "\n",
                "\n\n",
                " said ",
                "he ",
                "Bob ",
                "told ",
                "that ",
                "it's ",
                "the plan ",
                "works",
                ", ",
                ". ",
                ":",
                "?",
                "students' ",
                "x",
            ]
        ),
        max_size=40,
    )
)
def test_quotes_random_marks_never_raise(nlp: Language, parts: list[str]) -> None:
    text = "".join(parts)
    _check_slices(nlp(text), text)


def test_quotes_transcript_labels_are_separate_quotes(nlp: Language) -> None:
    body = (
        '"HOST: Will you run for the council again next year?\n\n'
        '"SMITH: I have not decided yet, and my family comes first."'
    )
    quotes = _quotes(nlp, body)
    assert [(q.speaker_mention, q.cue) for q in quotes] == [("HOST", ":"), ("SMITH", ":")]
    assert quotes[0].text == "Will you run for the council again next year?"
    assert quotes[1].text == "I have not decided yet, and my family comes first."


@pytest.mark.parametrize(
    "body",
    [
        "UPDATE: The bridge reopened on Monday afternoon after two weeks of repairs.",
        "Editor's note: An earlier version of this story misspelled the mayor's name.",
    ],
)
def test_quotes_transcript_rubric_is_not_a_label(nlp: Language, body: str) -> None:
    assert [q for q in _quotes(nlp, body) if q.cue == ":"] == []


def test_quotes_phrase_in_sentence_is_not_split_quote(nlp: Language) -> None:
    body = (
        "She came to thank “the brave crews” of the rescue service, adding, "
        "“Without them we would have lost everything in the flood.”"
    )
    quotes = _quotes(nlp, body)
    assert all(len(q.fragments) == 1 for q in quotes)
    assert "Without them we would have lost everything in the flood." in _texts(quotes)


@pytest.mark.parametrize(
    ("body", "cue", "content", "speaker"),
    [
        (
            "The senator mentioned the rising cost of housing.",
            "mentioned",
            "the rising cost of housing",
            "The senator",
        ),
        (
            "The mayor praised the volunteers for their quick work.",
            "praised",
            "the volunteers for their quick work",
            "The mayor",
        ),
        (
            "The union criticized the new contract as unfair to nurses.",
            "criticized",
            "the new contract as unfair to nurses",
            "The union",
        ),
        (
            "The pilot complained about the noisy engines.",
            "complained",
            "the noisy engines",
            "The pilot",
        ),
        (
            "The general warned against a hasty retreat.",
            "warned",
            "a hasty retreat",
            "The general",
        ),
        (
            "The mayor repeated her view that the park should stay open.",
            "view",
            "the park should stay open",
            "The mayor",
        ),
        (
            "The coach made it clear that nobody would be dropped.",
            "made it clear",
            "nobody would be dropped",
            "The coach",
        ),
        (
            "The minister was quoted as urging a quick end to the strike.",
            "urging",
            "a quick end to the strike",
            "The minister",
        ),
        (
            "The doctor began by saying the patient was stable.",
            "saying",
            "the patient was stable",
            "The doctor",
        ),
        (
            "The budget will be balanced by spring, the treasurer outlined.",
            "outlined",
            "The budget will be balanced by spring",
            "the treasurer",
        ),
    ],
)
def test_quotes_indirect_object_and_noun_cues(
    nlp: Language, body: str, cue: str, content: str, speaker: str
) -> None:
    quotes = [q for q in _quotes(nlp, body) if q.type == "indirect"]
    assert [(q.cue, q.text, q.speaker_mention) for q in quotes] == [(cue, content, speaker)]


def test_quotes_noun_cue_speaker_is_the_possessor(nlp: Language) -> None:
    (quote,) = _quotes(nlp, "Critics rejected the company's claim that the water was safe.")
    assert quote.text == "the water was safe"
    assert quote.speaker_mention == "the company's"


@pytest.mark.parametrize(
    "body",
    [
        "The coach said it.",
        "The children talked about the film for hours.",
        "The view from the hill was lovely that morning.",
        "The mayor said nothing.",
    ],
)
def test_quotes_object_cue_negatives(nlp: Language, body: str) -> None:
    assert _quotes(nlp, body) == ()


def test_quotes_quote_after_object_is_the_content(nlp: Language) -> None:
    body = "She urged the crowd to “stay calm and go home to your families tonight”."
    quotes = _quotes(nlp, body)
    assert [q.text for q in quotes if q.type == "indirect"] == []
    assert any("stay calm" in q.text for q in quotes)


def test_quotes_comma_that_starts_a_new_claim(nlp: Language) -> None:
    body = (
        "The farmer said that the harvest was poor, that prices would rise, "
        "and that he would sell the land."
    )
    texts = _texts(_quotes(nlp, body), "indirect")
    assert texts[0] == "the harvest was poor"
    assert len(texts) >= 2


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        (
            "“We are ready for the vote,” she said, as the crowd chanted “four more years”.",
            False,
        ),
        ("The mayor described the new stadium as “a gift to developers”.", True),
    ],
)
def test_quotes_embedded_phrase_is_not_a_quote(nlp: Language, body: str, kept: bool) -> None:
    texts = _texts(_quotes(nlp, body))
    assert any("four more years" in t or "a gift to developers" in t for t in texts) is kept
