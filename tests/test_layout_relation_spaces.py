"""Relation signs set apart in inline math (worker/engines/layout/spans.py): TeX sets a
thick space (5/18 em) on each side of "=", "<" or "≪" and switches fonts there; the text
layer gives the glyphs no space between them (their loose boxes come within a tenth or so
of an em) and glues them into one word ("a=b,"), though the page shows "a = b,". A
relation typed without spaces ("x=y"), its glyphs abutting, stays one word."""

from __future__ import annotations

from pathlib import Path

from tests.layout_pages import convert
from tests.pdf_pages import pdf_stream, raw_pdf


def _page(path: Path) -> Path:
    """A line of prose with inline math "a = b" as TeX sets it (the letters in an italic
    font, the sign in a roman one, a kern of 0.13 em on each side), then "x=y" typed."""
    content = (
        b"BT /F1 10 Tf 72 700 Td [(Most papers assume a) -130] TJ /F2 10 Tf (=) Tj"
        b" /F1 10 Tf [-130 (b, while the code says x=y here.)] TJ ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        pdf_stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Italic >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
    ]
    path.write_bytes(raw_pdf(objects))
    return path


def test_given_a_relation_set_apart_by_math_spacing_then_it_reads_as_a_word_of_its_own(
    tmp_path: Path,
) -> None:
    # Given inline math whose "=" stands a thick space from the letters, with no space
    # character between them in the text layer
    text = convert(_page(tmp_path / "math.pdf")).text or ""
    # When the page is read
    # Then the sign is a word of its own, and the "=" typed between letters stays glued
    assert "assume a = b, while" in text
    assert "says x=y here." in text
