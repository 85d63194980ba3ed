"""PDF's affine matrices (a b c d e f), as the text-layer readers compose them: the form
fields' appearance streams (form_values) and the boxes drawn over text (covered_text)."""

from __future__ import annotations

Matrix = tuple[float, float, float, float, float, float]

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def times(a: Matrix, b: Matrix) -> Matrix:
    """The matrix ``a`` then ``b`` (PDF's row-vector order)."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )
