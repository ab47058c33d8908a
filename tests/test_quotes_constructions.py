"""The constructions of issue 16 the quotes stage reads, each with its negatives: exact spans,
reported speech the rules used to miss, and the false alarms they used to raise."""

from __future__ import annotations

import pytest
from spacy.language import Language
from test_quotes import _quotes

from pipeline.quotes import find_quotes
from pipeline.records import FRAGMENT_JOIN, Article, Block, CleanArticle


def _texts(nlp: Language, body: str) -> list[str]:
    return [q.text for q in _quotes(nlp, body)]


# ---------------------------------------------------------------- split quotes


@pytest.mark.parametrize(
    ("body", "pieces"),
    [
        pytest.param(
            '"The bridge is safe," the engineer told ABC\'s "This Week." "We checked it twice."',
            ["The bridge is safe", "We checked it twice."],
            id="a programme's title in the attribution",
        ),
        pytest.param(
            "“The river is rising” the warden said. “Move the cars to the hill tonight.”",
            ["The river is rising", "Move the cars to the hill tonight."],
            id="a sentence-opening quote without a comma",
        ),
        pytest.param(
            '"We lost the match," said Anna Berg, the captain of the team that came second in '
            'the league. "Next year we will win it."',
            ["We lost the match", "Next year we will win it."],
            id="a long description of the speaker",
        ),
        pytest.param(
            "“The school will stay open,” the head said.\u00a0“Nobody loses a place.”",
            ["The school will stay open", "Nobody loses a place."],
            id="a non-breaking space after the attribution",
        ),
        pytest.param(
            "“We trained hard all winter,” the coach said.\n\n“Next season will be harder.”",
            ["We trained hard all winter", "Next season will be harder."],
            id="the next paragraph a quote without an attribution of its own",
        ),
        pytest.param(
            "All she could do was shout ''Yes!'' at the TV. ''I loved it,'' she said. ''I was "
            "so happy.''",
            ["I loved it", "I was so happy."],
            id="a short quote opening its sentence, after a quoted word",
        ),
    ],
)
def test_quotes_split_quote_joined(nlp: Language, body: str, pieces: list[str]) -> None:
    (quote,) = [q for q in _quotes(nlp, body) if len(q.fragments) > 1]
    assert quote.text == FRAGMENT_JOIN.join(pieces)


@pytest.mark.parametrize(
    ("body", "pieces"),
    [
        pytest.param(
            "The argument would be aided, Devine said, by the upcoming primary calendar.",
            ["The argument would be aided", "by the upcoming primary calendar"],
            id="the rest of the clause hung on the verb of saying",
        ),
        pytest.param(
            "The emails were on a variety of topics, the Times said, including speeches.",
            ["The emails were on a variety of topics", "including speeches"],
            id="a parenthetical attribution the clause goes on after",
        ),
        pytest.param(
            "The plan is good for the town, he said, because the money stays here.",
            ["The plan is good for the town", "because the money stays here"],
            id="a subordinate clause after the attribution",
        ),
        pytest.param(
            "In a general election polarized by his appeals, those Democrats argued, black "
            "voters would turn out strongly.",
            [
                "In a general election polarized by his appeals",
                "black voters would turn out strongly",
            ],
            id="a phrase the parser hung on the verb before its speaker",
        ),
        pytest.param(
            "The club's investment in its course, Ms. Tanzer said, ''is a perfect example of "
            "adapting'' to the times.",
            [
                "The club's investment in its course",
                "''is a perfect example of adapting'' to the times",
            ],
            id="a mixed quote keeps its attribution out",
        ),
    ],
)
def test_quotes_report_goes_on_after_its_attribution(
    nlp: Language, body: str, pieces: list[str]
) -> None:
    assert _texts(nlp, body) == [FRAGMENT_JOIN.join(pieces)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "Trump described the country as beset by illegal immigrants.",
            "the country as beset by illegal immigrants",
            id="described X as a clause",
        ),
        pytest.param(
            "The Club for Growth reported spending $1.1 million on ads.",
            "spending $1.1 million on ads",
            id="a gerund reported",
        ),
        pytest.param(
            "He denied taking any money from the group.",
            "taking any money from the group",
            id="a gerund denied",
        ),
        pytest.param(
            "Obama announced a series of steps to tighten gun sales.",
            "a series of steps to tighten gun sales",
            id="an infinitive after the object",
        ),
        pytest.param(
            "She did not mention Sanders by name.",
            "Sanders by name",
            id="a preposition after the object",
        ),
        pytest.param(
            "The union threatened to strike unless the company raises wages.",
            "to strike unless the company raises wages",
            id="a condition hung on the verb of saying",
        ),
        pytest.param(
            "He said he would be honored to serve should the chance arise.",
            "he would be honored to serve should the chance arise",
            id="an inverted condition",
        ),
    ],
)
def test_quotes_object_content(nlp: Language, body: str, expected: str) -> None:
    assert _texts(nlp, body) == [expected]


def test_quotes_according_to_mid_sentence_sources_its_clause(nlp: Language) -> None:
    body = "The mill employs 400 people according to the company, but it plans to close in May."
    (quote,) = _quotes(nlp, body)
    assert quote.text == "The mill employs 400 people"
    assert quote.speaker_mention == "the company"


def test_quotes_poll_share_speaks(nlp: Language) -> None:
    (quote,) = _quotes(nlp, "About 4 in 10 say they want the next president to be bolder.")
    assert quote.text == "they want the next president to be bolder"
    assert "10" in quote.speaker_mention


def test_quotes_closing_source_is_no_content(nlp: Language) -> None:
    body = "Officials said Trump has won 758 delegates, according to a CNN tally."
    (quote,) = _quotes(nlp, body)
    assert quote.text == "Trump has won 758 delegates"
    assert quote.speaker_mention == "Officials"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "The plan is dead, he said, adding that the money was gone.",
            ["The plan is dead", "the money was gone"],
            id="a report of its own after the attribution",
        ),
        pytest.param(
            "“The plan is dead,” he said, and walked out.",
            ["The plan is dead"],
            id="the speaker's next act",
        ),
    ],
)
def test_quotes_attribution_ends_the_report(nlp: Language, body: str, expected: list[str]) -> None:
    assert _texts(nlp, body) == expected


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            "“The river is rising,” she said. “Move the cars tonight,” she said.",
            id="each quote has an attribution of its own",
        ),
        pytest.param(
            "“The river is rising.” She added, “Move the cars to the hill tonight.”",
            id="a full stop ends the first quote",
        ),
    ],
)
def test_quotes_split_quote_negatives(nlp: Language, body: str) -> None:
    assert all(len(q.fragments) == 1 for q in _quotes(nlp, body))


def test_quotes_report_joins_the_quote_after_its_attribution(nlp: Language) -> None:
    body = 'The town needs leaders "who listen to people," she said. "That is why I ran."'
    (quote,) = _quotes(nlp, body)
    assert quote.type == "mixed"
    assert len(quote.fragments) == 2
    assert quote.text.endswith("That is why I ran.")


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        ('"Technicals," Bob said.', True),
        ('"Savage," the old friend said.', True),
        ('The group called him "savage" on the radio, Bob said.', False),
    ],
)
def test_quotes_short_quote_opening_its_sentence(nlp: Language, body: str, kept: bool) -> None:
    direct = [q for q in _quotes(nlp, body) if q.type == "direct"]
    assert bool(direct) is kept


# ---------------------------------------------------------------- reports and their extent


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "The mayor said the rent was high and called the landlord a crook.",
            ["the rent was high", "the landlord a crook"],
            id="coordinated verbs of saying are two reports",
        ),
        pytest.param(
            "She claimed the vote was rigged and claims the count must be redone.",
            ["the vote was rigged", "the count must be redone"],
            id="claimed A and claims B",
        ),
        pytest.param(
            "The aide said the minister told him the plan was dead.",
            ["the minister told him the plan was dead"],
            id="a relayed report is the outer one's content",
        ),
        pytest.param(
            "Putin said he asked Assad whether he would cooperate with the rebels.",
            [
                "he asked Assad whether he would cooperate with the rebels",
                "whether he would cooperate with the rebels",
            ],
            id="a relayed question is a report of its own",
        ),
        pytest.param(
            "Trump said it was wrong for the judge to criticize the senator.",
            ["it was wrong for the judge to criticize the senator"],
            id="an infinitive holding a verb of saying is still the content",
        ),
        pytest.param(
            "He said he would present a plan to Congress and that he thinks it would pass.",
            ["he would present a plan to Congress and that he thinks it would pass"],
            id="a clause opened by that holding a verb of saying goes on with the claim",
        ),
        pytest.param(
            "He said he was on the fence until Haley said she was backing the senator.",
            ["he was on the fence until Haley said she was backing the senator"],
            id="a clause of condition or limit holding a verb of saying goes on with the claim",
        ),
    ],
)
def test_quotes_reports_next_to_reports(nlp: Language, body: str, expected: list[str]) -> None:
    assert _texts(nlp, body) == expected


def test_quotes_adverbial_report_closes_the_content(nlp: Language) -> None:
    body = "The state admitted it had erred when a doctor reported high lead levels."
    texts = _texts(nlp, body)
    assert "it had erred" in texts
    assert not any("when" in t for t in texts)


def test_quotes_coordinated_report_speaks_for_the_outer_speaker(nlp: Language) -> None:
    body = "The mayor said the economy would grow and praised the council for its work."
    quotes = _quotes(nlp, body)
    assert [q.speaker_mention for q in quotes] == ["The mayor", "The mayor"]


@pytest.mark.parametrize(
    ("body", "content"),
    [
        pytest.param(
            "Ms. Lopez, a spokeswoman for the county health department, told reporters in an "
            "email on Monday that the clinic would reopen.",
            "the clinic would reopen",
            id="long material between the cue and the clause",
        ),
        pytest.param(
            "The mayor said he felt the council had betrayed the voters.",
            "he felt the council had betrayed the voters",
            id="a clause of belief under a verb of saying",
        ),
        pytest.param(
            "The plan failed according to two officials.",
            "The plan failed",
            id="according to X without a comma",
        ),
        pytest.param(
            "The Dow fell sharply, wiping out billions in value, according to the analysts.",
            "The Dow fell sharply, wiping out billions in value",
            id="according to X closing the sentence sources all of it",
        ),
        pytest.param(
            "The company rejected the claims: the plant had passed every inspection.",
            "the plant had passed every inspection",
            id="a statement after a colon",
        ),
        pytest.param(
            "He tried to block a rule change that he said would make the vote harder.",
            "would make the vote harder",
            id="a cue inside a relative clause",
        ),
        pytest.param(
            "He said the rent was high and that the roof leaked.",
            "the rent was high and that the roof leaked",
            id="and that ... is one claim",
        ),
        pytest.param(
            "The senator accused the governor of hiding the report.",
            "the governor of hiding the report",
            id="accused X of Y",
        ),
        pytest.param(
            "The council asked the court to halt the works.",
            "the court to halt the works",
            id="whom a request addresses, and what to do",
        ),
        pytest.param(
            "The union repeated its assertion that the mine was unsafe.",
            "the mine was unsafe",
            id="a noun of saying",
        ),
    ],
)
def test_quotes_reported_constructions(nlp: Language, body: str, content: str) -> None:
    assert content in _texts(nlp, body)


@pytest.mark.parametrize(
    ("body", "content", "speaker"),
    [
        pytest.param(
            "As The Hill reported, the senator was accused of breaking the debate rules.",
            "the senator was accused of breaking the debate rules",
            "The Hill",
            id="an as-clause opening the clause it sources",
        ),
        pytest.param(
            "The tax plans would all drive huge deficits, as the paper noted in an editorial.",
            "The tax plans would all drive huge deficits",
            "the paper",
            id="an as-clause closing the clause it sources",
        ),
        pytest.param(
            "As reported by the Daily Courier, there are 150 delegates at stake on Tuesday.",
            "there are 150 delegates at stake on Tuesday",
            "the Daily Courier",
            id="a passive as-clause with its agent",
        ),
        pytest.param(
            "The mayor said on Friday during a news conference that he may wait until March.",
            "he may wait until March",
            "The mayor",
            id="a that clause the parser hung on a noun after the cue",
        ),
        pytest.param(
            "This includes a special force to assist the army, Defense Secretary Ash Carter "
            "told a Senate panel Wednesday.",
            "This includes a special force to assist the army",
            "Defense Secretary Ash Carter",
            id="an attribution after a comma parsed as a coordinated clause",
        ),
        pytest.param(
            "Large majorities of Republican primary voters in six states going to the polls on "
            "Super Tuesday said they support a proposal to ban the imports.",
            "they support a proposal to ban the imports",
            "Large majorities of Republican primary voters in six states",
            id="a speaker parsed as a clausal subject",
        ),
        pytest.param(
            "Jeffrey Salkin, a Hollywood, Fla., rabbi helping to organize the boycott, said he and "
            "other rabbis were alarmed about the rhetoric.",
            "he and other rabbis were alarmed about the rhetoric",
            "Jeffrey Salkin, a Hollywood, Fla.",
            id="a speaker parsed as a clause before the cue",
        ),
        pytest.param(
            "At Boca West, Jay DiPietro, the club's 78-year-old president and general manager, "
            "suggested that the troubles of some of his competitors could be attributed to poor "
            "management.",
            "the troubles of some of his competitors could be attributed to poor management",
            "Jay DiPietro, the club's 78-year-old president and general manager",
            id="a speaker parsed as an apposition of the place fronting the cue",
        ),
        pytest.param(
            "The governor stressed his executive experience and his climate plan.",
            "his executive experience and his climate plan",
            "The governor",
            id="a verb of saying whose noun object is what was said",
        ),
        pytest.param(
            "The senator criticized the foreign policy and said allies wanted to know if the "
            "country was “still in the game.”",
            "the foreign policy",
            "The senator",
            id="an object report coordinated with a report holding a quote",
        ),
        pytest.param(
            "She praised the plan, calling it “bold and overdue.”",
            "the plan",
            "She",
            id="an object report followed by a participle of saying with a quote",
        ),
        pytest.param(
            "Edward Kleinbard, a former chief of staff, agreed that the Treasury Department has "
            "limited power to stop tax dodging.",
            "the Treasury Department has limited power to stop tax dodging",
            "Edward Kleinbard, a former chief of staff",
            id="a that clause the parser read as the object",
        ),
        pytest.param(
            "A second place would bolster Rubio's claim to be the strongest rival to Trump.",
            "to be the strongest rival to Trump",
            "Rubio's",
            id="a noun of saying with an infinitive",
        ),
        pytest.param(
            "Other Republicans joined Pence's call for a special prosecutor.",
            "a special prosecutor",
            "Pence's",
            id="a noun of asking with its for phrase",
        ),
        pytest.param(
            "During the debate, Cruz made an unprompted call for an end to sugar subsidies.",
            "an end to sugar subsidies",
            "Cruz",
            id="a noun of asking voiced by a verb",
        ),
        pytest.param(
            "Clinton is calling for the United States to step up its efforts against the group.",
            "the United States to step up its efforts against the group",
            "Clinton",
            id="called for X to Y parsed as a clause",
        ),
        pytest.param(
            "The two camps also agreed on creating a commission to examine the rules.",
            "creating a commission to examine the rules",
            "The two camps",
            id="agreed on X",
        ),
        pytest.param(
            "She claimed to be undecided about the vote.",
            "to be undecided about the vote",
            "She",
            id="claimed to X",
        ),
        pytest.param(
            "As the Business Times noted, the senator raised more than $1 million from banks.",
            "the senator raised more than $1 million from banks",
            "the Business Times",
            id="an as-clause whose comma the parser hung on its verb",
        ),
        pytest.param(
            "Democratic voters are slightly more likely to say that the senator shares their "
            "views.",
            "the senator shares their views",
            "Democratic voters",
            id="a verb of saying after an adjective of its copula's subject",
        ),
        pytest.param(
            "He touted his wins, above all in Florida, which he describes as his second home.",
            "as his second home",
            "he",
            id="a verb of naming with a relative pronoun object",
        ),
        pytest.param(
            "They blame the drawdown of troops, which they say left a vacuum for the militias.",
            "left a vacuum for the militias",
            "they",
            id="a relative clause the parser read as a bare complement of its cue",
        ),
        pytest.param(
            "The share of primary voters saying they want a ban on imports is as high as half.",
            "they want a ban on imports",
            "The share of primary voters",
            id="a participle of saying describing its speaker",
        ),
        pytest.param(
            "The senator issued a statement saying that the vote should wait until spring.",
            "the vote should wait until spring",
            "The senator",
            id="a participle of saying describing a document its issuer speaks through",
        ),
        pytest.param(
            "The senator was met by a chorus of colleagues urging him to resign.",
            "him to resign",
            "colleagues",
            id="a participle of urging describing its speaker",
        ),
        pytest.param(
            "The merger was first reported by the Daily Courier.",
            "The merger",
            "the Daily Courier",
            id="a passive verb of reporting with its agent reports its subject",
        ),
        pytest.param(
            "The coach called her injured son her hero.",
            "her injured son her hero",
            "The coach",
            id="a verb of naming whose predicate the parser took into its object",
        ),
        pytest.param(
            "The rivals had played nice, with the senator repeatedly calling the governor his "
            "friend.",
            "the governor his friend",
            "the senator",
            id="a verb of naming whose object the parser read as a complement",
        ),
        pytest.param(
            "The trouble began after the mayor accused him of fraud.",
            "him of fraud",
            "the mayor",
            id="a pronoun object with the preposition that says what of",
        ),
        pytest.param(
            "The senator recalled his days as a teacher in a mining town.",
            "his days as a teacher in a mining town",
            "The senator",
            id="recalled X",
        ),
        pytest.param(
            "The attorney general asked the Supreme Court for quick action.",
            "quick action",
            "The attorney general",
            id="asked X for Y",
        ),
        pytest.param(
            "That criticism was often warranted, the senator said.",
            "That criticism was often warranted",
            "the senator",
            id="a report opening with the determiner that before its cue",
        ),
        pytest.param(
            "The senator has declared her candidacy for governor.",
            "her candidacy for governor",
            "The senator",
            id="declared X",
        ),
        pytest.param(
            "Mr. Smith emphasized his record on jobs during the debate.",
            "his record on jobs",
            "Mr. Smith",
            id="emphasized X",
        ),
        pytest.param(
            "During a rally on Friday, the mayor boasted of his record on crime.",
            "his record on crime",
            "the mayor",
            id="boasted of X",
        ),
        pytest.param(
            "The general warned of a long and costly war.",
            "a long and costly war",
            "The general",
            id="warned of X",
        ),
        pytest.param(
            "Senator Ann Lee on Monday called upon the governor to veto the bill.",
            "the governor to veto the bill",
            "Senator Ann Lee",
            id="called upon X to Y",
        ),
        pytest.param(
            "A slew of party leaders agree with his assessment of the race.",
            "his assessment of the race",
            "A slew of party leaders",
            id="agreed with X",
        ),
        pytest.param(
            "The minister was quoted in Russian media urging a union of the rebel forces.",
            "a union of the rebel forces",
            "The minister",
            id="a participle of saying hung on the media its speaker speaks in",
        ),
        pytest.param(
            "The mayor spoke at a news conference on Friday announcing that the bridge would "
            "open in May.",
            "the bridge would open in May",
            "The mayor",
            id="a participle of saying hung on the event its speaker speaks at",
        ),
    ],
)
def test_quotes_reported_cues_the_rules_missed(
    nlp: Language, body: str, content: str, speaker: str
) -> None:
    assert (content, speaker) in [(q.text, q.speaker_mention) for q in _quotes(nlp, body)]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            "She pointed at an activist as she said, “Go home now, all of you.”",
            id="an as-clause opening a quote is a time",
        ),
        pytest.param(
            "Prices rose in May, as Freddy joked with his friends at the table.",
            id="an as-clause of a verb that sources nothing",
        ),
        pytest.param(
            "The findings underscore a bitter divide in American politics.",
            id="an inanimate subject's verb with a noun object",
        ),
        pytest.param("She got a call for help from her sister.", id="a noun of asking received"),
        pytest.param(
            "While the lineup is light on new titles, Early says there is a chance of more games.",
            id="a clause before the cue with its complementiser is no misparsed speaker",
        ),
        pytest.param(
            "Putin urged the audience to “finally acknowledge that the Kurds are fighting.”",
            id="the hearer of a request whose quote is the content",
        ),
        pytest.param("The two leaders agreed on Monday.", id="a time after a verb's preposition"),
        pytest.param(
            "A man calling himself Paul sold the car to the museum.",
            id="a participle of naming with no clause reports nothing",
        ),
        pytest.param("The dog, which he called Rex, barked.", id="a relative object given a name"),
        pytest.param("He was told by his doctor to rest.", id="a passive verb of telling"),
        pytest.param("He called his mother, the nurse, at home.", id="a call to a person"),
        pytest.param(
            "Morrison was the third witness testifying Tuesday who listened in on the call.",
            id="a participle before a relative clause",
        ),
        pytest.param(
            "Oil fell as Russia is unlikely to agree to cut its output next month.",
            id="an adjective saying nothing was said",
        ),
        pytest.param("She mentioned it to reporters.", id="a pronoun object and its hearer"),
    ],
)
def test_quotes_reported_cues_negatives(nlp: Language, body: str) -> None:
    assert [q for q in _quotes(nlp, body) if q.type == "indirect"] == []


def test_quotes_said_according_to_is_the_verbs(nlp: Language) -> None:
    body = "“The deal is close,” the minister said, according to a statement from his office."
    (quote,) = _quotes(nlp, body)
    assert quote.speaker_mention == "the minister"


def test_quotes_list_of_claims_splits(nlp: Language) -> None:
    body = "He said that the rent was high, that the roof leaked, and the heating had failed."
    assert _texts(nlp, body) == ["the rent was high", "the roof leaked", "the heating had failed"]


def test_quotes_list_of_claims_last_one_parsed_deep(nlp: Language) -> None:
    body = (
        "In an interview in May, Ana Ruiz said that the closure of the mill would result in "
        "“ruin for everyone,” that, while she supported the sale of the mill, “we would not "
        "feel safe in our homes so long as there is one mine [the old pits] left open,” and "
        "giving the firm a market to fill would be “cruel.”"
    )
    texts = _texts(nlp, body)
    assert texts[-1] == "giving the firm a market to fill would be “cruel.”"
    assert len(texts) == 3


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("She asked to speak to the manager.", id="a request addressing nobody"),
        pytest.param("He was asked to leave the room.", id="a passive request"),
        pytest.param("The senator said nothing.", id="a verb of saying with nothing said"),
        pytest.param("She listed her demands: pay, hours and holidays.", id="a list after a colon"),
        pytest.param(
            "That said, a loss to the mayor in this state would hurt the party.",
            id="that said, a set phrase",
        ),
        pytest.param(
            "All told, the group spent more than two million dollars on the race.",
            id="all told, a set phrase",
        ),
        pytest.param(
            "Only time will tell if his staying power will last.", id="time will tell, a set phrase"
        ),
    ],
)
def test_quotes_false_alarm_negatives(nlp: Language, body: str) -> None:
    assert _quotes(nlp, body) == ()


def test_quotes_report_stops_before_a_sentence_opening_with_a_quote(nlp: Language) -> None:
    body = (
        "In any case, the owner said, the town had too many courses. ''It was waiting for a "
        "recession,'' he said."
    )
    assert _texts(nlp, body) == [
        FRAGMENT_JOIN.join(["In any case", "the town had too many courses"]),
        "It was waiting for a recession",
    ]


def test_quotes_split_quote_kept_apart_by_a_report_of_its_own(nlp: Language) -> None:
    body = "“The plan is dead,” she said, adding, “We will find the money elsewhere.”"
    assert _texts(nlp, body) == ["The plan is dead", "We will find the money elsewhere."]


def test_quotes_split_quote_kept_apart_by_a_report_in_a_relative_clause(nlp: Language) -> None:
    body = (
        "“The tone matters a great deal,” said Ana Ruiz, a consultant in Austin, who also said "
        "that the two men must do more. “Voters will not back them for their names.”"
    )
    texts = _texts(nlp, body)
    assert "The tone matters a great deal" in texts
    assert not any(FRAGMENT_JOIN in t for t in texts)


def test_quotes_split_quote_joined_across_the_speakers_next_words(nlp: Language) -> None:
    body = (
        "“I think that speaks volumes,” she said, adding that the campaign will work hard. "
        "“I think they are waiting to be courted.”"
    )
    assert FRAGMENT_JOIN.join(
        ["I think that speaks volumes", "I think they are waiting to be courted."]
    ) in _texts(nlp, body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "If the voters were moving his way, Cohn wrote, “the assumption that she will keep "
            "her lead may be shakier than once thought.”",
            [
                "If the voters were moving his way"
                + FRAGMENT_JOIN
                + "“the assumption that she will keep her lead may be shakier than once thought.”"
            ],
            id="a condition opening the sentence before the attribution",
        ),
        pytest.param(
            "Soon after the mayor was booed at the rally, Canova wrote, “It is time to end her "
            "career for good.”",
            ["It is time to end her career for good."],
            id="the writer's time before the attribution is not said",
        ),
        pytest.param(
            "When the storm hit the coast, the mayor said the roads flooded.",
            ["the roads flooded"],
            id="an attribution not set off by commas",
        ),
    ],
)
def test_quotes_report_opens_before_its_attribution(
    nlp: Language, body: str, expected: list[str]
) -> None:
    assert _texts(nlp, body) == expected


def test_quotes_report_goes_on_after_a_colon(nlp: Language) -> None:
    body = (
        "Some in the party are quietly saying it is time to accept a new reality: that the "
        "mayor is the face of the party."
    )
    expected = "it is time to accept a new reality: that the mayor is the face of the party"
    assert _texts(nlp, body) == [expected]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "“The economy grew faster than at any time since the war,” the mayor said, "
            "recalling his two terms.",
            ["The economy grew faster than at any time since the war"],
            id="a participle recalling what the quote is about",
        ),
        pytest.param(
            "“This is not a hard race,” he said, citing the governor’s appeal to voters.",
            ["This is not a hard race"],
            id="a participle citing the ground of the quote",
        ),
        pytest.param(
            "The senator said the bill would fail, citing the cost of the program.",
            ["the bill would fail"],
            id="a participle citing the ground of a report",
        ),
        pytest.param(
            "“We are ready,” he said, noting that the team had trained all winter.",
            ["We are ready", "the team had trained all winter"],
            id="a participle with a clause reports it",
        ),
    ],
)
def test_quotes_participle_naming_the_ground_of_a_report(
    nlp: Language, body: str, expected: list[str]
) -> None:
    assert _texts(nlp, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "The aide confirmed the meeting on the condition of anonymity.",
            "the meeting",
            id="the terms the words were given on",
        ),
        pytest.param(
            "The mayor called the count “rigged” in a tweet on Tuesday.",
            "the count “rigged”",
            id="the medium of the words",
        ),
        pytest.param(
            "The agency concluded that secret files were kept in 22 emails.",
            "secret files were kept in 22 emails",
            id="documents the content is about",
        ),
        pytest.param(
            "The governor said he is not interested in the No. 2 spot on the ticket.",
            "he is not interested in the No. 2 spot on the ticket",
            id="a word of a medium that is no medium",
        ),
    ],
)
def test_quotes_report_ends_before_its_medium(nlp: Language, body: str, expected: str) -> None:
    assert _texts(nlp, body) == [expected]


def test_quotes_non_breaking_spaces_parsed_as_spaces(nlp: Language) -> None:
    """The parse reads a non-breaking space as a plain one (same length, offsets kept); the
    quote keeps the article's own characters."""
    text = "Title\n\nThe mayor said\u00a0the bridge would open in\u00a0May."
    clean = CleanArticle(Article("a", text), (Block(0, 5, "title"), Block(7, len(text), "body")))
    parsed = clean.masked_text()
    assert "\u00a0" not in parsed and len(parsed) == len(text)
    (quote,) = find_quotes(nlp(parsed), clean)
    assert quote.text == "the bridge would open in\u00a0May"
