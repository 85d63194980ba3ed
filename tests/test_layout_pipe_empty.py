"""A blank text has no pipe at its edge: ``"" in PIPES`` is True in Python, so an empty
or all-space piece counted as a "|" and a wide gap beside it was read through as a
separator's padding (worker/engines/layout/pipe_lines.py)."""

from __future__ import annotations

from worker.engines.layout.pipe_lines import is_pipe, joins_at_pipe, table_pipes


def test_is_pipe_needs_a_character() -> None:
    assert not is_pipe("")
    assert is_pipe("|") and is_pipe("\u2502")
    assert not is_pipe("a") and not is_pipe("||")


def test_blank_piece_is_no_separator() -> None:
    # A 4-em gap between words with no "|" on either side: a cell gap, not padding.
    assert not joins_at_pipe("Total", (200.0, 230.0, "   "), 40.0, 10.0, ())
    assert not joins_at_pipe("   ", (200.0, 230.0, "Total"), 40.0, 10.0, ())
    assert joins_at_pipe("Total", (200.0, 230.0, "| 4.00"), 40.0, 10.0, ())


def test_blank_pieces_draw_no_pipe_table() -> None:
    rows = [[(72.0, 100.0, "Name"), (150.0, 150.0, ""), (200.0, 240.0, "Amount")] for _ in range(4)]
    assert table_pipes(rows) == []
