"""Two subcaptions side by side under a figure, each opening with a label that hangs into
the gutter between them ("(a)", "(b)"), are read one after the other, not line by line
across both: the second label, set against the end of the first caption's first line,
does not join the two into one line."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from tests.layout_pages import HEIGHT, convert, words

LEFT = [
    "Example of an artificial neuron unit.",
    "The inputs are the signals",
    "and the weights have to",
    "get learned. Each input is",
    "multiplied with its weight,",
    "all is summed up and the",
    "activation is applied.",
]
RIGHT = [
    "A visualization of a simple feed-",
    "forward neural network. The",
    "input nodes are red, the bias",
    "nodes are gray, the hidden",
    "units are green and the output",
    "node is blue.",
]


def _subcaptions(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Times-Roman", 8)
    top = HEIGHT - 140

    def width(s: str) -> float:
        return c.stringWidth(s, "Times-Roman", 8)

    # Each label hangs left of its caption's text: "(b)" stands right after the end of
    # the first caption's first line, in the gutter left of the second caption.
    label = 319.6 + width(LEFT[0]) + 2.0
    right = label + width("(b)") + 2.5
    assert all(319.6 + width(line) < label - 8.0 for line in LEFT[1:])
    c.drawString(307.5, top, "(a)")
    c.drawString(label, top, "(b)")
    for k, line in enumerate(LEFT):
        c.drawString(319.6, top - 9 * k, line)
    for k, line in enumerate(RIGHT):
        c.drawString(right, top - 9 * k, line)
    c.setFont("Times-Roman", 10)
    c.drawString(303.6, top - 9 * len(LEFT) - 16, "Fig. 1: Neural networks are based on simple units.")
    c.save()
    return path


def test_given_side_by_side_subcaptions_with_hanging_labels_then_each_is_read_whole(tmp_path: Path) -> None:
    # given: two subcaptions side by side, each opening with a label in the gutter
    pdf = _subcaptions(tmp_path / "subcaptions.pdf")

    # when
    text = words(" ".join(b.text for b in convert(pdf).blocks))

    # then: the first caption whole, then the second, then the figure's caption
    first = words("(a) " + " ".join(LEFT))
    second = words("(b) " + " ".join(RIGHT)).replace("feed- forward", "feedforward")
    assert first in text, text
    assert second in text.replace("feed- forward", "feedforward"), text
    assert text.index(first) < text.index("(b)") < text.index("Fig. 1"), text
