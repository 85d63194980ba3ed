"""Speed changes that must not change what is read (2026-12-06 speed session).

- drawings: a thin path's white test (drawn_boxes.white_line) is read with its bounds in
  the object walk (layout/_pdfium_paths.c, and its ctypes twin): the flag must be what
  white_line says for every thin path, in the compiled walk and in the twin alike.
- leaders: the dot-word search is written dot first; it must match exactly the lines
  the plain pattern "(?:^|\\s)[.·‥…⋯]" matches.
"""

from __future__ import annotations

import ctypes
import itertools
import re
from pathlib import Path

import pypdfium2
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from worker.engines import path_reads
from worker.engines.drawn_boxes import white_line
from worker.engines.layout.leaders import _DOT_WORD_RE

WHITE, BLACK, GREY = (1.0, 1.0, 1.0), (0.0, 0.0, 0.0), (0.97, 0.97, 0.97)


def _thin_paths_page(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 9)
    c.drawString(72, 740, "Thin paths of every paint")
    y = 700
    # given: thin lines stroked, thin boxes filled, both, in white, near-white and black
    for stroke, fill in itertools.product((WHITE, GREY, BLACK, None), repeat=2):
        if stroke is None and fill is None:
            continue
        if stroke is not None:
            c.setStrokeColorRGB(*stroke)
        if fill is not None:
            c.setFillColorRGB(*fill)
        c.rect(72, y, 300, 1.5, stroke=int(stroke is not None), fill=int(fill is not None))
        c.rect(400, y - 20, 1.0, 40, stroke=int(stroke is not None), fill=int(fill is not None))
        y -= 50
    # and a white line with no alpha at all (transparent paint reads as white)
    c.setStrokeColorRGB(0, 0, 0, alpha=0.0)
    c.line(72, 80, 372, 80)
    # and a wide path, which the walk does not read the colour of
    c.setFillColorRGB(*BLACK)
    c.rect(450, 600, 100, 100, stroke=0, fill=1)
    c.save()
    return path


def test_given_thin_paths_in_white_and_colour_then_the_walk_flags_them_as_white_line_does(
    tmp_path: Path,
) -> None:
    pdf = pypdfium2.PdfDocument(str(_thin_paths_page(tmp_path / "thin.pdf")))
    page = pdf[0]
    handle = ctypes.c_void_p(ctypes.cast(page.raw, ctypes.c_void_p).value)

    # when
    twin = list(path_reads._path_records_ctypes(handle, path_reads._MAX_OBJECTS, path_reads._GetObject))
    walked = list(path_reads._path_records(page))  # compiled where built, else the twin

    # then: every thin path carries white_line's answer, the wide one none
    # (thin as read: a stroked box's bounds take in its line width, so a little slack)
    thin = [r for r in twin if min(r[3] - r[1], r[4] - r[2]) <= path_reads._WHITE_READ]
    assert len(thin) == 31
    assert {r[6] for r in thin} == {0, 1}
    for obj, left, bottom, right, top, _kind, white in twin:
        if min(right - left, top - bottom) <= path_reads._WHITE_READ:
            assert white == int(white_line(obj))
        else:
            assert white == -1
    # and the compiled walk's records are the twin's
    assert [(r[0], r[5], r[6]) for r in walked] == [(r[0], r[5], r[6]) for r in twin]
    pdf.close()


def test_given_lines_with_and_without_dot_words_then_the_search_matches_the_plain_pattern() -> None:
    plain = re.compile(r"(?:^|\s)[.·‥…⋯]")
    lines = [
        "6 Tentative total tax . . . . . . 6",
        ". . . starts with dots",
        "A sentence. Another one.",
        "Contents\t…\t12",
        "ellipsis…inside",
        "no break\u00a0.",
        "x.y.z",
        "",
        ".",
        " ·",
        "a ‥",
        "end.",
        "mid · dot",
    ]
    # and every short string over these characters
    lines += ["".join(p) for n in range(1, 5) for p in itertools.product(" a.\t\u00a0·…", repeat=n)]
    for line in lines:
        assert bool(_DOT_WORD_RE.search(line)) == bool(plain.search(line)), repr(line)
