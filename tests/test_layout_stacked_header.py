"""A table's header ruled as a group of its own over its body (worker/engines/layout/
rule_groups.py): a dark header band whose column rules start at the band's top, with no
rule over it, drawn a double rule (3 pt) above a body ruled cell by cell. Read as two
groups, the header's labels came out as loose paragraphs and headings above a table
without them (a bank's rate sheet); they are one grid, the header's rows first."""

from __future__ import annotations

from worker.engines.layout.grids import ruled_tables
from worker.engines.layout.model import LayoutLine

# The body's columns; the header rules the inner ones only (the band's sides are its fill).
XS = [10.0, 110.0, 200.0, 290.0, 380.0]


def _rules(gap: float) -> list[tuple[float, float, float, float]]:
    # given: the header band from 30 to 70: column rules from its top, a rule at 50
    # under the header's first row (not under "Loan type"), and a thick rule at its foot
    rules = [(x - 0.5, 30.0, x + 0.5, 70.0) for x in XS[1:-1]]
    rules.append((XS[1], 49.5, XS[4], 50.5))
    rules += [(XS[i], 69.0, XS[i + 1], 71.0) for i in range(4)]
    # ... and the body, ruled cell by cell, ``gap`` pt under the header's foot rule
    top = 70.0 + gap
    ys = [top, top + 16.0, top + 32.0]
    rules += [(XS[i], y - 0.5, XS[i + 1], y + 0.5) for y in ys for i in range(4)]
    rules += [(x - 0.5, ys[r], x + 0.5, ys[r + 1]) for x in XS for r in range(2)]
    return rules


def _lines(gap: float) -> list[LayoutLine]:
    top = 70.0 + gap
    head = [
        LayoutLine(text="Loan type", bbox=(20.0, 45.0, 70.0, 55.0)),  # spans both header rows
        LayoutLine(text="Rates p.a.", bbox=(220.0, 35.0, 270.0, 45.0)),  # over columns 2-3
        LayoutLine(text="Annual", bbox=(130.0, 56.0, 170.0, 66.0)),
        LayoutLine(text="Fixed", bbox=(220.0, 56.0, 260.0, 66.0)),
        LayoutLine(text="Variable", bbox=(300.0, 56.0, 350.0, 66.0)),
    ]
    rows = (["Standard", "5.37%", "4.04%", "3.94%"], ["Extra", "3.84%", "3.79%", "3.89%"])
    body = [
        LayoutLine(text=text, bbox=(XS[c] + 8.0, top + 3.0 + 16.0 * r, XS[c] + 60.0, top + 13.0 + 16.0 * r))
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
    ]
    return head + body


def test_given_a_header_band_a_double_rule_above_its_body_then_one_table_holds_both() -> None:
    # when
    tables, rest = ruled_tables(_lines(3.0), _rules(3.0))

    # then: one grid, the header's two rows over the body's; no label left outside it
    assert [t.table for t in tables] == [
        [
            ["Loan type", "", "Rates p.a.", ""],
            ["", "Annual", "Fixed", "Variable"],
            ["Standard", "5.37%", "4.04%", "3.94%"],
            ["Extra", "3.84%", "3.79%", "3.89%"],
        ]
    ]
    assert rest == []


def test_given_the_same_header_a_text_line_apart_then_it_stays_a_grid_of_its_own() -> None:
    # given: room for a line of text between the two groups (12 pt): two drawings
    # when
    tables, _ = ruled_tables(_lines(12.0), _rules(12.0))

    # then: the body is a table of its own, without the header's labels
    bodies = [t.table for t in tables if t.table and t.table[-1][0] == "Extra"]
    assert bodies == [[["Standard", "5.37%", "4.04%", "3.94%"], ["Extra", "3.84%", "3.79%", "3.89%"]]]
