"""A token's closing full stop that the recognizer also took for a comma
(worker/engines/ocr_corrections.py, :func:`prefer_commas`): on faded thermal print a comma
loses its tail, and "TAMAN SRI PUTRA, 81200" read "PUTRA. 81200"."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from tests.ocr_steps import Alphabet
from worker.engines import ocr_corrections
from worker.engines.ocr_corrections import COMMA_MIN, prefer_commas
from worker.engines.rapidocr import RapidOcr

ALPHABET = Alphabet(["blank", *"0123456789AIPRTU.,&", " "])
CHARACTERS, INDEX = ALPHABET.characters, ALPHABET.index
reading, decoded = ALPHABET.reading, ALPHABET.decoded


def settled(steps: list[dict[str, float]]) -> str:
    probs = reading(steps)
    prefer_commas(probs, probs.argmax(axis=1), CHARACTERS, INDEX)
    return decoded(probs)


UNSURE = {".": 0.6, ",": COMMA_MIN + 0.05}


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        # before a space: "PUTRA, 8"
        ([{"R": 0.99}, {}, {"A": 0.99}, UNSURE, {}, {" ": 0.99}, {"8": 0.99}], "RA, 8"),
        # at the line's end: "SEKSYEN 9,"
        ([{"9": 0.99}, {}, UNSURE, UNSURE], "9,"),
    ],
)
def test_a_closing_full_stop_the_recognizer_also_took_for_a_comma_is_a_comma(
    steps: list[dict[str, float]], expected: str
) -> None:
    assert settled(steps) == expected


@pytest.mark.parametrize(
    "steps",
    [
        # a decimal point: a digit follows it
        [{"1": 0.99}, {}, UNSURE, {}, {"5": 0.99}],
        # an abbreviation's inner dot: "P.T"
        [{"P": 0.99}, UNSURE, {"T": 0.99}],
        # a sentence's end, printed clearly: the comma has too little weight
        [{"A": 0.99}, {".": 0.9, ",": COMMA_MIN / 2}, {" ": 0.99}, {"I": 0.99}],
        # after a sign, not a letter or digit
        [{"&": 0.99}, UNSURE, {" ": 0.99}, {"A": 0.99}],
    ],
)
def test_other_full_stops_keep_their_reading(steps: list[dict[str, float]]) -> None:
    before = decoded(reading(steps))
    assert settled(steps) == before


def faded_comma_line(tail_grey: int = 235) -> Image.Image:
    """ "TAMAN SRI PUTRA, 81200 JOHOR" in 14 px grey print whose comma is a dot with a
    tail faded almost to the paper's white, as thermal print fades."""
    font = ImageFont.load_default(14)
    img = Image.new("L", (420, 60), 255)
    draw = ImageDraw.Draw(img)
    draw.text((20, 20), "TAMAN SRI PUTRA", fill=110, font=font)
    x = 21 + draw.textlength("TAMAN SRI PUTRA", font=font)
    base = 20 + font.getbbox("A")[3]
    draw.rectangle((x, base - 2, x + 1, base - 1), fill=110)  # the comma's dot
    draw.line((x + 1, base, x + 1, base + 1), fill=tail_grey)  # its faded tail
    draw.text((x + 8, 20), "81200 JOHOR", fill=110, font=font)
    return img.filter(ImageFilter.GaussianBlur(0.5)).convert("RGB")


@pytest.fixture(scope="module")
def ocr() -> RapidOcr:
    return RapidOcr()


def test_a_comma_with_a_faded_tail_reads_as_a_comma(ocr: RapidOcr) -> None:
    # given a line whose comma has lost most of its tail
    image = faded_comma_line()
    # when it is read
    lines = [ln.text for ln in ocr.read(image)]
    # then the comma is a comma
    assert lines == ["TAMAN SRI PUTRA, 81200 JOHOR"]


def test_without_the_rule_the_int8_recognizer_reads_the_faded_comma_as_a_full_stop(
    ocr: RapidOcr, monkeypatch: pytest.MonkeyPatch
) -> None:
    if ocr.precision != "int8":
        pytest.skip("no int8 models on this CPU: the fp32 recognizer reads this comma as it is")
    # given the same line, when no full stop may become a comma
    monkeypatch.setattr(ocr_corrections, "COMMA_MIN", 1.1)
    lines = [ln.text for ln in ocr.read(faded_comma_line())]
    # then the comma reads as a full stop: what the rule is for
    assert lines == ["TAMAN SRI PUTRA. 81200 JOHOR"]


def test_a_clearly_printed_sentence_end_keeps_its_full_stop(ocr: RapidOcr) -> None:
    # given a clearly printed line with a full stop between two sentences
    font = ImageFont.load_default(16)
    img = Image.new("RGB", (480, 60), "white")
    ImageDraw.Draw(img).text((20, 20), "GOODS SOLD ARE NOT RETURNABLE. THANK YOU", fill="black", font=font)
    # when it is read, then the full stop stays
    assert [ln.text for ln in ocr.read(img)] == ["GOODS SOLD ARE NOT RETURNABLE. THANK YOU"]
