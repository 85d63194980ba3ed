"""Rows of a form that a gutter runs through: a label and its value, a question and its
answer options, a party and its role set right (layout/form_rows.py, columns.py,
flows.py). Read as two columns one after the other, every value is torn from its label;
they are read row by row."""

from __future__ import annotations

from common.documents.results import Word
from worker.engines.layout import LayoutLine, layout_lines

SIZE = 10.0
CHAR = 5.0  # points per character, about Helvetica's at 10 pt


def _line(text: str, x0: float, top: float, *, bold: bool = False) -> LayoutLine:
    words: list[Word] = []
    x = x0
    for w in text.split(" "):
        words.append(Word(text=w, bbox=(x, top, x + CHAR * len(w), top + SIZE)))
        x += CHAR * (len(w) + 1)
    box = (x0, top, x0 + CHAR * len(text), top + SIZE)
    return LayoutLine(text=text, bbox=box, size=SIZE, bold=bold, words=words)


def _texts(lines: list[LayoutLine]) -> list[str]:
    return [b.text for b in layout_lines(lines, 595.0, 842.0) if b.kind not in ("page_header", "page_footer")]


def test_given_label_value_rows_beside_labelled_blocks_then_each_label_keeps_its_value() -> None:
    # given: a form's label/value rows a blank line apart, and beside their first rows a
    # shorter column of labelled blocks (a company and its address, a postal address)
    rows = [
        ("Account holder", "Jane Q Public"),
        ("Customer number", "AB-1234567"),
        ("Start date", "01/03/2024"),
        ("End date", "28/02/2025"),
        ("Change date", "15/06/2024"),
        ("Total amount due (12 mo.)", "1,234.00"),
    ]
    lines = [
        _line("Issued by Example Services Ltd (Reg. 0000000)", 28.0, 60.0),
        _line("Reference:", 347.0, 60.0),
    ]
    lines += [_line("Checked by A N Other", 28.0, 72.5), _line("XY000000", 347.0, 72.5)]
    lines += [_line("CUSTOMER DETAILS", 28.0, 100.0, bold=True)]
    top = 125.0
    for label, value in rows:
        lines += [_line(label, 55.0, top, bold=True), _line(value, 190.0, top)]
        top += 27.5
    lines += [_line("Provider", 355.0, 125.0, bold=True)]
    lines += [
        _line(t, 355.0, 138.0 + 12.5 * i) for i, t in enumerate(["Northwind Ltd", "1 Harbour Road", "Exeter"])
    ]
    lines += [_line("Postal address", 355.0, 180.0, bold=True), _line("PO Box 12", 355.0, 193.0)]

    # when
    texts = _texts(lines)

    # then: every label with its value, the rows in order, the blocks beside them after
    joined = "\n".join(texts)
    for label, value in rows:
        assert f"{label} {value}" in texts
    order = [joined.index(f"{label} {value}") for label, value in rows]
    assert order == sorted(order)
    assert joined.index("Provider") > order[-1]


def test_given_questions_with_yes_no_options_then_each_question_is_read_with_its_options() -> None:
    # given: questions of running text, each with "yes" and "no" set right on its row,
    # some with a blank to fill in after "no"
    questions = [
        "Did you read the instructions before you started the test?",
        "Did you use any other equipment? If so, which?",
        "Did you take a break during the first hour of the session?",
        "Did anyone else help you? If so, who helped?",
        "Did you finish all of the tasks in the time that was given?",
    ]
    lines = [_line("PART B. QUESTIONS", 11.0, 400.0, bold=True)]
    top = 412.0
    for i, q in enumerate(questions):
        lines += [_line(q, 11.0, top), _line("yes", 388.0, top, bold=True)]
        lines += [_line("no which?" if i == 1 else "no who?" if i == 3 else "no", 416.0, top)]
        top += 12.0
    lines += [_line("PART C. NOTES", 11.0, top + 12.0, bold=True)]

    # when
    texts = _texts(lines)

    # then: a line each, the question with its options
    assert texts[1:-1] == [
        f"{questions[0]} yes no",
        f"{questions[1]} yes no which?",
        f"{questions[2]} yes no",
        f"{questions[3]} yes no who?",
        f"{questions[4]} yes no",
    ]


def test_given_parties_with_their_roles_set_right_then_each_role_follows_its_party() -> None:
    # given: a judgment's parties, centred, each with its role right-aligned on the line
    # under it, an "and" centred between them, then the judgment's first paragraph
    lines = [_line("IN THE HIGH COURT", 250.0, 40.0, bold=True)]
    parties = [("ALICE EXAMPLE", "Claimant"), ("THE CITY COUNCIL OF SOMEWHERE", "Defendant")]
    top = 60.0
    for i, (party, role) in enumerate(parties):
        if i:
            lines.append(_line("and", 290.0, top, bold=True))
            top += 9.6
        lines.append(_line(party, 297.0 - CHAR * len(party) / 2, top, bold=True))
        top += 9.6
        lines.append(_line(role, 566.0 - CHAR * len(role), top, bold=True))
        top += 9.6
    body = "1. The claimant brings this action against the council for the reasons set out below, which"
    lines += [_line("JUDGMENT delivered on the first day of June.", 28.5, top, bold=True)]
    lines += [_line(body, 28.5, top + 9.6), _line("are not disputed.", 28.5, top + 19.2)]

    # when
    joined = " ".join(_texts(lines))

    # then
    assert "ALICE EXAMPLE Claimant and THE CITY COUNCIL OF SOMEWHERE Defendant JUDGMENT" in joined


def test_given_a_list_of_bold_names_one_under_another_then_they_are_no_headings() -> None:
    # given: a bench of judges, one bold name a line, each ending with a full stop, then
    # the text under them
    names = ["Smith C.J.", "Jones J.", "Brown J.", "Taylor J."]
    lines = [_line(n, 28.5, 60.0 + 9.6 * i, bold=True) for i, n in enumerate(names)]
    lines.append(_line("The court heard the appeal on the first day of the sitting.", 28.5, 110.0))

    # when
    blocks = [b for b in layout_lines(lines, 595.0, 842.0) if b.text in names]

    # then
    assert [b.text for b in blocks] == names
    assert all(b.kind == "paragraph" for b in blocks)


def test_given_a_bold_row_of_figures_then_it_is_no_heading() -> None:
    # given: a statement's bold total row, its amounts alone on their line, over text
    lines = [_line("214,271      415,954", 300.0, 200.0, bold=True)]
    lines.append(_line("Amounts are in millions of yen unless stated otherwise.", 28.5, 230.0))

    # when
    blocks = layout_lines(lines, 595.0, 842.0)

    # then
    assert blocks[0].kind == "paragraph"
