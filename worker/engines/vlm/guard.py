"""Stop a page that loops, inside one batched ``generate``, and only that page.

Small document models sometimes fall into a loop and would spend the page's whole token
budget on it. Two shapes matter:

- the same tokens over and over (a word, a Markdown table row, a run of newlines). The
  period is found by where the last few tokens last occurred, so it can be of any length
  (a wide table row is hundreds of tokens); a short period must fill ``window`` tokens,
  a period longer than ``max_ngram`` must repeat ``min_repeats`` times.
- in DocTags, the same line again with its location tags advancing
  (``<text><loc_40><loc_75>..>Total</text>``, then ``<loc_40><loc_92>..``): no two token
  runs are equal, so this is checked per DocTags unit (an element, or a table row), with
  the location tags left out: a period of 1 to ``_UNIT_PERIODS`` units repeated
  ``unit_repeats`` times is a loop.

Repeats that carry no letter or digit (a blank form's empty cells, a dotted leader)
are what blank tables and forms look like, so they must repeat far longer
(``blank_repeats`` times) before they count.

A row that has produced an end token is finished: ``generate`` pads it until the
longest row of the batch ends, and those pads are never a loop. For a looping row the
guard remembers how many tokens to keep: everything before the loop plus one instance
of the repeated part (:attr:`RepetitionGuard.looped`).

It runs once per generated token for every row, so the work per step is a few
dictionary and list operations per row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

_PROBE = 8  # a repeat is first recognised when this many tokens recur
_UNIT_PERIODS = 4  # DocTags loops of up to this many alternating units
_BOUNDARY = re.compile(r"(?:</[A-Za-z_0-9]+>|<nl>)$")
_NEWLINE = re.compile(r"\n$")
_LOC = re.compile(r"<loc_\d+>")
_TAG = re.compile(r"<[^<>]*>")
_PARTIAL_TAG = re.compile(r"<[^<>]*$")
# DocTags markers that open nothing (cells, row ends, locations, breaks).
_STANDALONE = {"nl", "fcel", "ecel", "lcel", "ucel", "xcel", "ched", "rhed", "srow", "page_break"}


def has_text(doctags_or_text: str) -> bool:
    """Whether there is a letter or digit outside the tags."""
    return any(ch.isalnum() for ch in _TAG.sub("", doctags_or_text))


def close_open_tags(doctags: str) -> str:
    """DocTags cut mid-page made parseable: a half-written tag dropped, open elements closed."""
    text = _PARTIAL_TAG.sub("", doctags)
    stack: list[str] = []
    for m in _TAG.finditer(text):
        name = m.group(0)[1:-1]
        if name.startswith("/"):
            if name[1:] in stack:
                while stack and stack.pop() != name[1:]:
                    pass
        elif name and name not in _STANDALONE and not name.startswith("loc_") and not name.startswith("|"):
            stack.append(name)
    return text + "".join(f"</{name}>" for name in reversed(stack))


@dataclass
class _Row:
    tokens: list[int] = field(default_factory=list)
    finished: bool = False
    # Token periodicity: the current period and how many trailing tokens equal the one a
    # period earlier; where each probe of _PROBE tokens last ended.
    period: int = 0
    run: int = 0
    last_seen: dict[tuple[int, ...], int] = field(default_factory=dict)
    blank: bool | None = None  # whether the current repeat carries no text (cached per run)
    # DocTags: the unit being written, and the finished units with text (key, tokens so far).
    unit: str = ""
    units: list[tuple[str, int]] = field(default_factory=list)
    unit_runs: list[int] = field(default_factory=lambda: [0] * _UNIT_PERIODS)


class RepetitionGuard:
    """A ``generate`` stopping criterion: True for the rows that have fallen into a loop.

    ``piece`` turns a token id into its text (needed for DocTags units and to tell a blank
    repeat from one with text); without it every repeat counts as text. ``stop_ids`` are
    the end tokens: a row that emitted one is finished and no longer watched.
    """

    def __init__(
        self,
        prompt_len: int,
        *,
        window: int,
        max_ngram: int,
        min_repeats: int,
        stop_ids: Iterable[int] = (),
        piece: Callable[[int], str] | None = None,
        doctags: bool = False,
        unit_repeats: int = 8,
        blank_repeats: int = 64,
    ) -> None:
        self.prompt_len = prompt_len
        self.window = window
        self.max_ngram = max_ngram
        self.min_repeats = min_repeats
        self.stop_ids = frozenset(stop_ids)
        self.piece = piece
        self.doctags = doctags and piece is not None
        self.unit_repeats = unit_repeats
        self.blank_repeats = blank_repeats
        self.looped: dict[int, int] = {}  # row -> generated tokens to keep
        self.spent: dict[int, int] = {}  # row -> tokens it had generated when it was stopped
        self._rows: list[_Row] = []
        self._seen = prompt_len  # columns of input_ids already looked at

    @property
    def enabled(self) -> bool:
        return self.window > 0

    def __call__(self, input_ids: Any, scores: Any, **_: Any) -> Any:
        import torch

        batch, width = int(input_ids.shape[0]), int(input_ids.shape[1])
        done = torch.zeros(batch, dtype=torch.bool, device=input_ids.device)
        if not self.enabled:
            return done
        if not self._rows:
            self._rows = [_Row() for _ in range(batch)]
        # One host copy of the new column(s) per step; generate syncs every step anyway.
        new = input_ids[:, self._seen : width].tolist()
        self._seen = width
        for r, (row, tokens) in enumerate(zip(self._rows, new, strict=True)):
            for token in tokens:
                if row.finished:
                    break
                if token in self.stop_ids:
                    row.finished = True
                    break
                keep = self._step(row, token)
                if keep is not None:
                    self.looped[r], self.spent[r] = keep, len(row.tokens)
                    row.finished = True
        if self.looped:
            done[list(self.looped)] = True
        return done

    # --- one token of one row ---

    def _step(self, row: _Row, token: int) -> int | None:
        row.tokens.append(token)
        keep = self._tokens_loop(row)
        if keep is None and self.doctags:
            keep = self._units_loop(row, token)
        return keep

    def _tokens_loop(self, row: _Row) -> int | None:
        seq = row.tokens
        pos = len(seq) - 1
        if row.period and seq[pos] == seq[pos - row.period]:
            row.run += 1
        else:
            row.period, row.run, row.blank = 0, 0, None
        if pos + 1 >= _PROBE:
            probe = tuple(seq[pos + 1 - _PROBE :])
            if not row.period:
                prev = row.last_seen.get(probe)
                if prev is not None:
                    row.period, row.run = pos - prev, _PROBE
            row.last_seen[probe] = pos
        period = row.period
        if not period:
            return None
        covered = row.run + period  # tokens that are one period repeated
        need = self.window if period <= self.max_ngram else self.min_repeats * period
        if covered < need:
            return None
        if covered < self.blank_repeats * period and self._blank(row, pos + 1 - period, pos + 1):
            return None
        return self._align(row, pos + 1 - covered + period, period)

    def _align(self, row: _Row, keep: int, period: int) -> int:
        """Where the kept output ends: after the loop's first instance, moved on (by less than
        a period) to the end of a DocTags element, table row or line when one is that close.
        A period is only defined up to rotation: the repeat seen may start mid-line."""
        if self.piece is None:
            return keep
        boundary = _BOUNDARY if self.doctags else _NEWLINE
        tail = "".join(self.piece(t) for t in row.tokens[max(0, keep - 8) : keep])
        for end in range(keep, min(keep + period, len(row.tokens) + 1)):
            if end > keep:
                tail = (tail + self.piece(row.tokens[end - 1]))[-40:]
            if boundary.search(tail):
                return end
        return keep

    def _blank(self, row: _Row, start: int, end: int) -> bool:
        if self.piece is None:
            return False
        if row.blank is None:
            piece = self.piece
            row.blank = not has_text("".join(piece(t) for t in row.tokens[start:end]))
        return row.blank

    def _units_loop(self, row: _Row, token: int) -> int | None:
        assert self.piece is not None
        text = self.piece(token)
        row.unit += text
        if ">" not in text or not _BOUNDARY.search(row.unit[-40:]):
            return None
        key = _LOC.sub("", row.unit)
        row.unit = ""
        if not has_text(key):
            return None  # empty cells and rows: what a blank form is made of
        units = row.units
        units.append((key, len(row.tokens)))
        n = len(units)
        for p in range(1, _UNIT_PERIODS + 1):
            same = n > p and units[-1][0] == units[-1 - p][0]
            row.unit_runs[p - 1] = row.unit_runs[p - 1] + 1 if same else 0
            if row.unit_runs[p - 1] + p >= self.unit_repeats * p:
                first = n - (row.unit_runs[p - 1] + p)
                return units[first + p - 1][1]
        return None
