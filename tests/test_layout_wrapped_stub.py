"""A row label wrapped over two lines with the row's figures centred between them
(worker/engines/layout/table_rows.py): "Adjusted balance at" above the figures' baseline,
"beginning of year" under it, in a statement of changes in equity. The three rows came
out apart (the label's halves in rows of their own, the figures without a label); the
label is one cell of the figures' row."""

from __future__ import annotations

from worker.engines.layout import layout_lines, spans_to_lines
from worker.engines.textlayer import TextSpan

SIZE = 8.0
RIGHTS = (300.0, 380.0, 460.0)  # the figure columns' right edges


def _span(text: str, x0: float, top: float, x1: float = 0.0) -> TextSpan:
    return TextSpan(text, x0, top, x1 or x0 + 4.2 * len(text), top + SIZE, SIZE, False, False)


def _figures(top: float, figures: tuple[str, str, str]) -> list[TextSpan]:
    return [_span(f, right - 4.4 * len(f), top, right) for right, f in zip(RIGHTS, figures, strict=True)]


def test_given_a_label_wrapped_round_its_figures_then_it_is_one_cell_of_their_row() -> None:
    # given: a header and one-line rows, and a label on two lines at the line spacing
    # (9 pt) whose figures sit half a line down, between the two
    spans = [_span("Owners", 260.0, 100.0, 300.0), _span("Minority", 336.0, 100.0, 380.0)]
    spans += [_span("Total", 432.0, 100.0, 460.0), _span("Balance at start of year", 60.0, 116.0)]
    spans += _figures(116.0, ("1,204,500", "88,310", "1,292,810"))
    spans += [_span("Adjusted balance at", 60.0, 132.0), _span("beginning of year", 60.0, 141.0)]
    spans += _figures(136.5, ("1,203,000", "88,303", "1,291,303"))
    spans += [_span("Net profit", 66.0, 155.0), *_figures(155.0, ("96,020", "4,100", "100,120"))]
    spans.append(_span("Balance at end of year", 60.0, 169.0))
    spans += _figures(169.0, ("1,251,405", "90,360", "1,341,765"))

    # when
    blocks = layout_lines(spans_to_lines(spans), 612, 792)

    # then
    [table] = [b for b in blocks if b.kind == "table"]
    assert table.rows == [
        ["", "Owners", "Minority", "Total"],
        ["Balance at start of year", "1,204,500", "88,310", "1,292,810"],
        ["Adjusted balance at beginning of year", "1,203,000", "88,303", "1,291,303"],
        ["Net profit", "96,020", "4,100", "100,120"],
        ["Balance at end of year", "1,251,405", "90,360", "1,341,765"],
    ]
