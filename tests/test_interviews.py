"""Interview transcripts, written for these tests in the styles newsrooms print them: every
answer is a direct quote by the person interviewed, every question the interviewer's."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from test_quotes import _clean

from pipeline.attribution import attribute, load_registry
from pipeline.ingest import ingest
from pipeline.quotes import find_quotes
from pipeline.records import Article, Mention

Q_AND_A = """Interview: Maria Lopez on the new bridge

The mayor of Springfield talked to us on Tuesday about the bridge and next year's budget.

Q: Why did the city decide to build the bridge now?

A: Because the old one is falling apart and the money is finally there.

Q: Will taxes go up to pay for it?

A: No. The state grant covers most of the cost.

We saved the rest over five years, so nobody pays twice for it.
"""

INTERVIEWER_AND_NAME = """Five questions for a winemaker

Tom Becker has run the valley's oldest vineyard for thirty years.

Interviewer: How was the harvest this year?

Tom Becker: Small but very good, the best grapes we have had in a decade.

Interviewer: What worries you most about the next season?

Tom Becker: The weather. We lost a whole field to hail in May.
"""

BOLD_NAMES = """# The teacher who never left

Reporter Jane Smith spoke with Ahmed Khan, who has taught at the same school since 1985.

**Jane Smith:** What keeps you in the classroom after all these years?

**Ahmed Khan:** The students, every single year they surprise me.

**Jane Smith**: Has teaching changed since you started?

**Ahmed Khan**: Completely. We had chalk then and now every child has a tablet.
"""

SIGN_OFFS = """Readers ask the chef

Our food critic put your questions to the chef Lena Ortiz by email.

Q: What is the one dish every home cook should learn?

A good omelette, because it teaches you patience and heat.

— Lena Ortiz

Q: Which kitchen tool is overrated?

The garlic press. A knife does the job better and is easier to clean.

— Lena Ortiz
"""

STRONG_HTML = """<html><head><title>An interview with Maria Lopez</title></head><body>
<article><h1>An interview with Maria Lopez</h1>
<p>The mayor of Springfield spoke to us about the new bridge and the budget.</p>
<p><strong>Interviewer:</strong> Why did the city decide to build the bridge now?</p>
<p><strong>Maria Lopez:</strong> Because the old one is falling apart and the money is there.</p>
<p><strong>Interviewer:</strong> Will taxes go up to pay for it?</p>
<p><strong>Maria Lopez:</strong> No. The state grant covers most of the cost of the work.</p>
</article></body></html>
"""

CAPITALS = """Transcript: the senator on the farm bill

HOST: Senator, will you vote for the farm bill this week?

WARREN: I will, because the farmers in my state cannot wait another year for it.

HOST: And if the House changes it again?

WARREN: Then we will start over, and I will still be there.
"""

# transcript, interviewer, interviewee, number of questions, number of answers
TRANSCRIPTS = [
    pytest.param(Q_AND_A, "interviewer", "Maria Lopez", 2, 2, id="Q and A"),
    pytest.param(INTERVIEWER_AND_NAME, "interviewer", "Tom Becker", 2, 2, id="Interviewer/Name"),
    pytest.param(BOLD_NAMES, "Jane Smith", "Ahmed Khan", 2, 2, id="bold names in markdown"),
    pytest.param(SIGN_OFFS, "interviewer", "Lena Ortiz", 2, 2, id="sign-offs"),
    pytest.param(CAPITALS, "HOST", "WARREN", 2, 2, id="names in capitals"),
]


def _mentions(nlp: Language, text: str) -> tuple[Mention, ...]:
    """The quotes of a transcript, attributed."""
    doc, clean = nlp(text), _clean(text)
    return attribute(doc, find_quotes(doc, clean), clean, load_registry())


def _turns(mentions: tuple[Mention, ...]) -> tuple[list[Mention], list[Mention]]:
    """The questions and the answers among the mentions."""
    questions = [m for m in mentions if m.quote.text.endswith("?")]
    return questions, [m for m in mentions if not m.quote.text.endswith("?")]


@pytest.mark.parametrize(("text", "asker", "answerer", "n_questions", "n_answers"), TRANSCRIPTS)
def test_interviews_every_turn_attributed(
    nlp: Language, text: str, asker: str, answerer: str, n_questions: int, n_answers: int
) -> None:
    questions, answers = _turns(_mentions(nlp, text))
    assert [m.speaker for m in questions] == [asker] * n_questions
    assert [m.speaker for m in answers] == [answerer] * n_answers
    assert all(m.quote.type == "direct" for m in questions + answers)


def test_interviews_answer_over_paragraphs_is_one_quote(nlp: Language) -> None:
    _, answers = _turns(_mentions(nlp, Q_AND_A))
    assert len(answers[1].quote.fragments) == 2
    assert answers[1].quote.text.endswith("nobody pays twice for it.")


def test_interviews_html_strong_names(nlp: Language, tmp_path: Path) -> None:
    (tmp_path / "interview.html").write_text(STRONG_HTML, encoding="utf-8")
    (article,) = ingest(tmp_path)
    assert isinstance(article, Article)
    questions, answers = _turns(_mentions(nlp, article.text))
    assert [m.speaker for m in questions] == ["interviewer", "interviewer"]
    assert [m.speaker for m in answers] == ["Maria Lopez", "Maria Lopez"]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            "Background: The bridge was closed for repairs in March after a storm.",
            id="one title-case label is no transcript",
        ),
        pytest.param(
            "The council finally chose the name it wanted — Riverside.",
            id="a dash before a name ending a sentence is no sign-off",
        ),
        pytest.param(
            "Update: The meeting moved to Friday.\n\nNote: Tickets are free for residents.",
            id="rubric labels",
        ),
    ],
)
def test_interviews_negatives(nlp: Language, body: str) -> None:
    assert _mentions(nlp, "A title line\n\n" + body) == ()
