"""The recognizer's second reading of uncertain lines and its look-alike rule
(worker/engines/ocr_pipeline.py): faded small print, as on thermal receipts, where the
int8 recognizer misreads and the fp32 one reads what is printed."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from tests.ocr_steps import Alphabet
from worker.engines.ocr_corrections import LOOK_ALIKE_MIN, prefer_look_alikes
from worker.engines.rapidocr import RapidOcr

RECEIPT_LINES = [
    "LOT 1851-A, JALAN KPB 6",
    "43300 SERI KEMBANGAN",
    "Tel: 07-8263254",
    "JALAN SETIA INDAH",
    "TOTAL 170.00",
    "Bill No: LCS03908",
    "ROC No. 1072825-A",
    "World of Taste",
]


def faded_receipt(size: int = 12, ink: int = 150, blur: float = 0.6) -> Image.Image:
    """Grey 12 px print, softened and grainy: a thermal receipt photographed at low
    resolution."""
    img = Image.new("RGB", (520, 60 + 40 * len(RECEIPT_LINES)), "white")
    draw = ImageDraw.Draw(img)
    for k, text in enumerate(RECEIPT_LINES):
        draw.text((20, 30 + 40 * k), text, fill=(ink, ink, ink), font=ImageFont.load_default(size))
    img = img.filter(ImageFilter.GaussianBlur(blur))
    noise = np.random.default_rng(0).normal(0.0, 12.0, (img.height, img.width, 1))
    return Image.fromarray(np.clip(np.asarray(img, dtype=np.float32) + noise, 0, 255).astype(np.uint8))


@pytest.fixture(scope="module")
def ocr() -> RapidOcr:
    return RapidOcr()


def test_faded_small_print_reads_as_printed_with_the_second_reading(ocr: RapidOcr) -> None:
    # given a faded receipt the int8 recognizer is unsure of ("Wortd of Taste")
    image = faded_receipt()
    # when it is read with uncertain lines read again
    lines = [ln.text for ln in ocr.read(image)]
    # then every line reads as printed
    assert lines == RECEIPT_LINES


def test_without_the_second_reading_the_int8_recognizer_misreads_faded_print(ocr: RapidOcr) -> None:
    if ocr.precision != "int8":
        pytest.skip("no int8 models on this CPU: OCR reads in fp32 and never twice")
    # given the same faded receipt, when only the first (int8) reading is kept
    lines = [ln.text for ln in RapidOcr(second_reading_below=0).read(faded_receipt())]
    # then some of its lines are misread: what the second reading is for
    assert lines != RECEIPT_LINES


ALPHABET = Alphabet(["blank", *"0123456789ABILOTWdlor", " "])
CHARACTERS, INDEX = ALPHABET.characters, ALPHABET.index
reading, decoded = ALPHABET.reading, ALPHABET.decoded


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        # a zero inside a word, with the letter O its runner-up
        ([{"L": 0.99}, {}, {"0": 0.6, "O": 0.3}, {}, {"T": 0.99}], "LOT"),
        # a letter O inside a number
        ([{"4": 0.99}, {}, {"3": 0.99}, {}, {"0": 0.99}, {}, {"O": 0.7, "0": 0.2}], "4300"),
        # a one inside a word of lower case
        ([{"T": 0.99}, {}, {"o": 0.99}, {}, {"1": 0.8, "l": 0.1}], "Tol"),
        # a capital I among lower-case letters, not at the word's start
        ([{"W": 0.99}, {}, {"o": 0.99}, {}, {"r": 0.99}, {"I": 0.8, "l": 0.15}, {}, {"d": 0.99}], "World"),
    ],
)
def test_a_look_alike_of_the_tokens_kind_wins_where_the_recognizer_gave_it_weight(
    steps: list[dict[str, float]], expected: str
) -> None:
    probs = reading(steps)
    prefer_look_alikes(probs, probs.argmax(axis=1), CHARACTERS, INDEX)
    assert decoded(probs) == expected


@pytest.mark.parametrize(
    "steps",
    [
        # a code that mixes letters and digits, printed clearly: no likely runner-up
        [{"A": 0.99}, {}, {"0": 0.99 - LOOK_ALIKE_MIN / 2, "O": LOOK_ALIKE_MIN / 2}, {}, {"B": 0.99}],
        # a capital I that starts a word ("Item")
        [{"I": 0.6, "l": 0.35}, {}, {"T": 0.99}, {}, {"o": 0.99}],
        # two characters of the other kind: a real mix, not one misread
        [{"L": 0.99}, {}, {"0": 0.6, "O": 0.3}, {}, {"1": 0.6, "I": 0.3}],
    ],
)
def test_a_token_without_a_likely_look_alike_keeps_its_reading(steps: list[dict[str, float]]) -> None:
    probs = reading(steps)
    before = decoded(probs)
    prefer_look_alikes(probs, probs.argmax(axis=1), CHARACTERS, INDEX)
    assert decoded(probs) == before
