"""A right-to-left form's sections and fields read as a reader reads them (layout/rows.py,
line_cuts.py, flows.py, form_rows.py).

A Hebrew or Arabic form letters its sections ("א.", "ב.") at the right margin, often in
smaller print than the headings they number; sets a fill-in sentence's blanks as gaps
in its lines; and puts a field's further details under it, each labelled ("אחר:",
"ארץ:"), the colon at the label's left end. Each page here is built from lines as a text
layer gives them: words in logical order, laid from the right.
"""

from __future__ import annotations

from common.documents.results import Block, Word
from worker.engines.layout import LayoutLine, layout_lines
from worker.engines.layout.line_cuts import split_at_gutters
from worker.engines.layout.model import PageStats
from worker.engines.layout.rows import to_bands

WIDTH, HEIGHT = 595.0, 842.0


def _line(text: str, right: float, top: float, size: float = 8.0) -> LayoutLine:
    """A right-to-left line from ``right`` leftwards, half an em a letter, a third of an em
    between words."""
    out: list[Word] = []
    x = right
    for w in text.split():
        if out:
            x -= size / 3
        out.append(Word(w, (x - 0.5 * size * len(w), top, x, top + size)))
        x -= 0.5 * size * len(w)
    return LayoutLine(text=text, bbox=(out[-1].bbox[0], top, right, top + size), size=size, words=out)


def _texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks]


def test_given_section_letters_smaller_than_their_headings_then_each_reads_before_its_heading() -> None:
    # given: sections lettered at the right margin in print smaller than their headings
    # (6 pt beside 8 pt), a short field row under each heading
    lines: list[LayoutLine] = []
    for k, (letter, heading) in enumerate((("א.", "פרטי האגודה ומורשי החתימה:"), ("ב.", "פרטי משק העזר:"))):
        top = 100 + 90 * k
        lines.append(_line(heading, 529, top))
        lines.append(_line(letter, 546, top + 2.0, size=6.0))
        lines.append(_line("שם האגודה ומספר התיק שלה במשרד", 529, top + 24))
        lines.append(_line("כתובת למשלוח דואר של האגודה", 529, top + 48))

    # when
    texts = _texts(layout_lines(lines, WIDTH, HEIGHT))

    # then: each letter opens its heading's line
    assert any(t.startswith("א. פרטי האגודה") for t in texts), texts
    assert any(t.startswith("ב. פרטי משק העזר") for t in texts), texts


def test_given_a_column_of_section_letters_beside_wrapped_entries_then_each_letter_opens_its_entry() -> None:
    # given: two entries lettered "ד." and "ה." at the right margin, a gutter from their
    # text; the second entry a fill-in sentence over two lines, its blanks wide gaps
    lines = [
        _line("ד.", 546, 100, size=7.0),
        _line("משק העזר אוכלס לראשונה בתאריך", 525, 99),
        _line("ה.", 546, 124, size=7.0),
        _line("משק העזר כלול בחוזה המשבצת של האגודה ושולמו בגינו דמי חכירה", 525, 123),
        _line("לרשות במסגרת תיק מספר עד לתאריך ולאגודה אין חובות", 525, 135),
    ]

    # when
    texts = _texts(layout_lines(lines, WIDTH, HEIGHT))

    # then: each letter reads at the start of its entry, not in a run of letters
    assert any(t.startswith("ד. משק העזר אוכלס") for t in texts), texts
    assert any(t.startswith("ה. משק העזר כלול") for t in texts), texts


def test_given_a_gap_level_with_another_sections_gutter_then_the_line_is_not_cut() -> None:
    # given: a block of fields in two columns, their gutter from x 300 (where the left
    # column's lines start, right to left) to about 320; a line across the page under it;
    # and then a fill-in sentence whose blank, a wide word gap, lies at 300..315
    lines: list[LayoutLine] = []
    for k in range(4):
        lines.append(_line("שם השדה הראשון", 480, 100 + 14 * k))
        lines.append(_line("ערך השדה", 300, 100 + 14 * k))
    across = _line("ההצהרה הזאת חלה על השדות שלמעלה ועל השדות שלמטה", 477, 170)
    assert any(w.bbox[0] <= 300 and w.bbox[2] >= 315 for w in across.words), across.words
    lines.append(across)
    before, after = _line("משק העזר כלול בחוזה", 480, 200), _line("המשבצת של האגודה", 300, 200)
    shift = 315 - before.bbox[0]
    words = [Word(w.text, (w.bbox[0] + shift, w.bbox[1], w.bbox[2] + shift, w.bbox[3])) for w in before.words]
    words += after.words
    sentence = f"{before.text} {after.text}"
    lines.append(LayoutLine(sentence, (after.bbox[0], 200, 480 + shift, 208), 8.0, words=words))
    stats = PageStats(body=8.0, body_bold=False)

    # when
    bands = split_at_gutters(to_bands(lines, stats), stats)

    # then: the sentence stays one line; the line across the page ends the gutter
    assert any(len(b) == 1 and b[0].text == sentence for b in bands), [[ln.text for ln in b] for b in bands]


def test_given_labelled_details_under_a_field_on_an_rtl_form_then_each_row_reads_whole() -> None:
    # given: a holder's row (first name, surname, "citizen: ID no") and under its last
    # field the details, each labelled: "other:" with a passport box, "country:" and
    # "valid until:" side by side, and "number:" alone, its colon first (visual order);
    # the form's instructions above, at its line pitch
    intro = "יש למלא את פרטי בעלי הזכויות במשק העזר כפי שהם רשומים במרשם האוכלוסין"
    lines = [_line(intro, 536, 200 + 10 * k) for k in range(4)]
    for k in range(2):
        top = 300 + 60 * k
        lines += [
            _line("שם פרטי", 536, top),
            _line("שם משפחה", 463, top),
            _line("אזרח ישראל: מספר ת.ז", 383, top),
            _line("אחר:", 390, top + 18),
            _line("דרכון", 84, top + 18),
            _line("ארץ:", 394, top + 34),
            _line("תוקף:", 240, top + 34),
            _line(":מספר", 394, top + 45),
        ]

    # when
    texts = _texts(layout_lines(lines, WIDTH, HEIGHT))

    # then: row by row, from the right
    joined = "\n".join(texts)
    assert "שם פרטי שם משפחה אזרח ישראל: מספר ת.ז" in texts, joined
    assert "אחר: דרכון" in texts, joined
    assert "ארץ: תוקף:" in texts, joined
