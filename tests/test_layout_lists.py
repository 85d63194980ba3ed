"""Lists and forms (worker/engines/layout/blocks.py): bullets, enumerators and checkboxes
become list items, nested by their marker's indent; a bullet or a box is the item's
marker (Markdown's "-" / "- [ ]"), an enumerator stays its text; a form's answer options
stay apart, each with its state."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from common.documents.results import Block, Word, blocks_to_doctags, blocks_to_markdown, blocks_to_text
from tests.layout_pages import convert, ocr_line
from worker.engines.layout import LayoutLine, layout_lines


def line(text: str, x0: float, top: float, *, size: float = 10.0, bold: bool = False) -> LayoutLine:
    """A text-layer line at ``x0``, ``top``: words 0.5 em a character, a space apart."""
    words, x = [], x0
    for w in text.split():
        words.append(Word(w, (x, top, x + 0.5 * size * len(w), top + 1.2 * size)))
        x += 0.5 * size * (len(w) + 1)
    return LayoutLine(text, (x0, top, words[-1].bbox[2], top + 1.2 * size), size=size, bold=bold, words=words)


def rows(*specs: tuple[str, float]) -> list[LayoutLine]:
    """Lines 14 pt apart (single spacing at 10 pt), each (text, x0)."""
    return [line(text, x0, 100 + 14 * i) for i, (text, x0) in enumerate(specs)]


def items(blocks: list[Block]) -> list[tuple[str, int, bool | None]]:
    return [(b.text, b.level, b.checked) for b in blocks if b.kind == "list_item"]


def test_given_bullets_indented_under_bullets_then_they_nest_and_lose_their_glyph(tmp_path: Path) -> None:
    # given a bullet list drawn as a word processor does: each level's bullet further right
    path = tmp_path / "nested.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    y = 700.0
    for x, glyph, text in [
        (72, "•", "Facilities"),
        (92, "◦", "Projector and screen"),
        (112, "▪", "Spare lamp"),
        (92, "◦", "Coffee for twelve people"),
        (72, "•", "Documents"),
    ]:
        c.drawString(x, y, glyph)
        c.drawString(x + 12, y, text)
        y -= 14
    c.save()

    result = convert(path)

    assert items(result.blocks) == [
        ("Facilities", 0, None),
        ("Projector and screen", 1, None),
        ("Spare lamp", 2, None),
        ("Coffee for twelve people", 1, None),
        ("Documents", 0, None),
    ]
    assert (result.markdown or "").splitlines() == [
        "- Facilities",
        "    - Projector and screen",
        "        - Spare lamp",
        "    - Coffee for twelve people",
        "- Documents",
    ]


def test_given_numbered_items_with_lettered_sub_items_then_the_enumerators_stay_their_text() -> None:
    blocks = layout_lines(
        rows(
            ("1. Phase one: research", 72),
            ("a) Interview ten customers", 92),
            ("b) Summarise the findings", 92),
            ("2. Phase two: design", 72),
            ("(1) Draw the first prototype", 92),
        ),
        612,
        792,
    )

    assert items(blocks) == [
        ("1. Phase one: research", 0, None),
        ("a) Interview ten customers", 1, None),
        ("b) Summarise the findings", 1, None),
        ("2. Phase two: design", 0, None),
        ("(1) Draw the first prototype", 1, None),
    ]
    # "1." is Markdown's own; letters and "(1)" are the text of a "-" item
    assert blocks_to_markdown(blocks).splitlines()[:3] == [
        "1. Phase one: research",
        "    - a) Interview ten customers",
        "    - b) Summarise the findings",
    ]


def test_given_a_paragraph_right_after_a_list_at_the_margin_then_it_is_not_part_of_the_last_item() -> None:
    # given no gap between the last item and the paragraph: only the line ending and the
    # paragraph's start left of the bullet tell them apart
    blocks = layout_lines(
        rows(
            ("• Send the agenda to all members", 80),
            ("• Customers who ordered before noon receive their parcels the next day.", 80),
            ("Second-level items are indented below their parent, as the next list shows.", 72),
            ("1. Restart the computer when asked.", 80),
            ("Choose one of the following editions:", 72),
        ),
        612,
        792,
    )

    assert [(b.kind, b.text[:20]) for b in blocks] == [
        ("list_item", "Send the agenda to a"),
        ("list_item", "Customers who ordere"),
        ("paragraph", "Second-level items a"),
        ("list_item", "1. Restart the compu"),
        ("paragraph", "Choose one of the fo"),
    ]


def test_given_an_item_that_wraps_under_its_text_or_its_bullet_then_it_stays_one_item() -> None:
    long = "The device is switched off and has cooled down for at least ten minutes before you"
    blocks = layout_lines(
        rows(
            (f"• {long}", 80),
            ("open it, and the cable is unplugged.", 92),  # hanging indent
            (f"• {long}", 80),
            ("open it, and the cable is unplugged.", 80),  # no hanging indent, the line was full
        ),
        612,
        792,
    )

    assert [b.text for b in blocks] == [f"{long} open it, and the cable is unplugged."] * 2


def test_given_answer_options_each_after_a_checkbox_then_each_is_an_item_with_its_state() -> None:
    # given a questionnaire as the text layer gives it: glyph boxes (a drawn square comes
    # out of the text layer as ☐ or ☑ too), one option a line, no gap between them
    options = ["☐ From a friend", "☑ Online advertisement", "☐ Other"]
    lines = [line("How did you hear about our service?", 72, 100, bold=True)]
    lines += [line(text, 80, 118 + 14 * i) for i, text in enumerate(options)]

    blocks = layout_lines(lines, 612, 792)

    assert blocks[0].kind == "paragraph"  # a question above its options is no section heading
    assert items(blocks) == [
        ("From a friend", 0, False),
        ("Online advertisement", 0, True),
        ("Other", 0, False),
    ]
    assert blocks_to_markdown(blocks).endswith("- [ ] From a friend\n- [x] Online advertisement\n- [ ] Other")
    assert blocks_to_text(blocks).endswith("☐ From a friend\n\n☑ Online advertisement\n\n☐ Other")
    doctags = blocks_to_doctags(blocks, 612, 792)
    assert (
        doctags.count("<checkbox_unselected>") == 2 and "Online advertisement</checkbox_selected>" in doctags
    )


def test_given_a_checkbox_set_apart_from_its_option_then_it_still_marks_that_option() -> None:
    # given boxes a tab stop (2 em) left of their options: fragments of their own
    lines = []
    for i, (box, text) in enumerate([("☐", "Yes"), ("☒", "No")]):
        lines += [line(box, 80, 100 + 14 * i), line(text, 100, 100 + 14 * i)]

    blocks = layout_lines(lines, 612, 792)

    assert items(blocks) == [("Yes", 0, False), ("No", 0, True)]


def test_given_ticks_then_they_are_ticked_boxes_among_checkboxes_and_bullets_in_a_list_of_their_own() -> None:
    checklist = layout_lines(rows(("☐ Exit signs lit", 80), ("✔ Sprinklers tested", 80)), 612, 792)
    features = layout_lines(rows(("✓ Free shipping", 80), ("✓ Free returns", 80)), 612, 792)

    assert items(checklist) == [("Exit signs lit", 0, False), ("Sprinklers tested", 0, True)]
    assert items(features) == [("Free shipping", 0, None), ("Free returns", 0, None)]
    assert blocks_to_markdown(features) == "- Free shipping\n- Free returns"


def test_given_an_ascii_box_then_it_is_a_checkbox() -> None:
    blocks = layout_lines(rows(("[x] Paid in full", 72), ("[ ] Partly paid", 72)), 612, 792)

    assert items(blocks) == [("Paid in full", 0, True), ("Partly paid", 0, False)]


def test_given_options_side_by_side_on_one_line_then_each_is_an_item() -> None:
    # given "☐ Yes   ☑ No   ☐ Not sure" after a question, the options a tab stop apart
    lines = [line("Would you recommend us to others?", 72, 100)]
    lines += [line(text, x, 114) for text, x in [("☐ Yes", 72), ("☑ No", 112), ("☐ Not sure", 152)]]

    blocks = layout_lines(lines, 612, 792)

    assert items(blocks) == [("Yes", 0, False), ("No", 0, True), ("Not sure", 0, False)]


def test_given_a_right_to_left_list_then_it_nests_from_the_right_and_ends_at_the_paragraph_after_it() -> None:
    # given an Arabic list (logical order: the bullet first) whose items start at the right,
    # a nested one further left, then a paragraph at the margin with no gap before it
    specs = [
        ("• سيتم تسليم الطلب خلال خمسة أيام.", 400, 530),
        ("◦ من تاريخ الدفع.", 300, 510),  # its box reaches further left: no matter
        ("• تقع الشركة في شارع الملك فهد.", 380, 530),
        ("نشكركم على ثقتكم بخدماتنا ونتطلع إلى التعاون معكم مرة أخرى في المستقبل القريب.", 90, 540),
    ]
    lines = [
        LayoutLine(t, (x0, 100 + 14 * i, x1, 112 + 14 * i), size=10.0) for i, (t, x0, x1) in enumerate(specs)
    ]

    blocks = layout_lines(lines, 612, 792)

    assert [(b.kind, b.level) for b in blocks] == [
        ("list_item", 0),
        ("list_item", 1),
        ("list_item", 0),
        ("paragraph", 0),
    ]
    assert blocks[0].text == "سيتم تسليم الطلب خلال خمسة أيام."


def test_given_a_right_to_left_list_set_from_the_left_then_its_ragged_ends_do_not_nest_it() -> None:
    # given Arabic items whose bullets a producer set at the left margin: the items end at
    # different places on the right, which is no indent
    lines = []
    for i, (text, x1) in enumerate(
        [("سيتم تسليم الطلب خلال خمسة أيام.", 320), ("الألوان المتوفرة هي الأسود.", 300)]
    ):
        top = 100 + 14 * i
        words = [Word("•", (76, top, 81, top + 12)), Word(text, (90, top, x1, top + 12))]
        lines.append(LayoutLine(f"• {text}", (76, top, x1, top + 12), size=10.0, words=words))

    blocks = layout_lines(lines, 612, 792)

    assert [(b.kind, b.level) for b in blocks] == [("list_item", 0), ("list_item", 0)]


def test_given_a_right_to_left_list_set_flush_left_then_its_ragged_starts_do_not_nest_it() -> None:
    # given Arabic items with their bullets at the right, the lines set flush left (as a
    # producer does when the paragraph itself has no direction), under a full-width line
    lines = [
        LayoutLine(
            "لا توجد رسوم إضافية على الشحن داخل المملكة ويرجى مراجعة الأسعار.", (76, 80, 560, 92), size=10.0
        )
    ]
    for i, (text, x1) in enumerate(
        [("سيتم تسليم الطلب خلال خمسة أيام.", 340), ("الألوان المتوفرة هي الأسود.", 300)]
    ):
        top = 100 + 14 * i
        words = [Word(text, (76, top, x1 - 10, top + 12)), Word("•", (x1 - 5, top, x1, top + 12))]
        lines.append(LayoutLine(f"• {text}", (76, top, x1, top + 12), size=10.0, words=words))

    blocks = layout_lines(lines, 612, 792)

    assert [(b.kind, b.level) for b in blocks] == [("paragraph", 0), ("list_item", 0), ("list_item", 0)]


def test_given_a_bold_label_above_checkboxes_then_it_is_the_forms_question_and_above_bullets_a_heading() -> (
    None
):
    form = [
        line("Dietary requirements", 72, 100, bold=True),
        line("☐ None", 80, 118),
        line("☑ Vegan", 80, 132),
    ]
    notes = [
        line("Requirements", 72, 100, bold=True),
        line("• A laptop", 80, 118),
        line("• A charger", 80, 132),
    ]

    assert [b.kind for b in layout_lines(form, 612, 792)] == ["paragraph", "list_item", "list_item"]
    assert [b.kind for b in layout_lines(notes, 612, 792, allow_title=False)] == [
        "section_header",
        "list_item",
        "list_item",
    ]


def test_given_words_second_level_o_bullets_then_they_are_nested_items(tmp_path: Path) -> None:
    # given a list as Word exports it: "•" at the first level, a Courier "o" at the second,
    # each a tab stop away from its text
    path = tmp_path / "word.pdf"
    c = canvas.Canvas(str(path), pagesize=letter)
    y = 700.0
    for x, glyph, font, text in [
        (72, "•", "Helvetica", "Facilities"),
        (92, "o", "Courier", "Projector and screen"),
        (92, "o", "Courier", "Coffee for twelve people"),
        (72, "•", "Helvetica", "Documents"),
    ]:
        c.setFont(font, 10)
        c.drawString(x, y, glyph)
        c.setFont("Helvetica", 10)
        c.drawString(x + 18, y, text)
        y -= 14
    c.save()

    result = convert(path)

    assert items(result.blocks) == [
        ("Facilities", 0, None),
        ("Projector and screen", 1, None),
        ("Coffee for twelve people", 1, None),
        ("Documents", 0, None),
    ]


def test_given_an_item_wrapping_onto_a_line_that_starts_with_the_word_o_then_it_stays_one_item() -> None:
    blocks = layout_lines(
        rows(("• Envie o documento assinado para", 80), ("o departamento financeiro.", 92)), 612, 792
    )

    assert items(blocks) == [("Envie o documento assinado para o departamento financeiro.", 0, None)]


def test_given_ocr_reading_hollow_bullets_as_ideographic_full_stops_then_they_are_still_nested_items() -> (
    None
):
    # given OCR lines (no font size) as rapidocr reads "◦ Projector and screen"
    lines = [
        ocr_line("• Facilities", 72, 100, 140),
        ocr_line("。Projector and screen", 92, 116, 210),
        ocr_line("。Coffee for twelve people", 92, 132, 230),
    ]

    blocks = layout_lines(lines, 612, 792)

    assert items(blocks) == [
        ("Facilities", 0, None),
        ("Projector and screen", 1, None),
        ("Coffee for twelve people", 1, None),
    ]


def test_given_an_item_broken_early_before_a_lower_case_line_then_it_goes_on() -> None:
    # given numbered items typed with hard line breaks, one broken well short of the edge
    # before a line that starts in lower case, under a long line that sets the edge
    lines = rows(
        ("1. Either party may terminate with ninety days written notice.", 72),
        ("2. Liability is limited to the fees", 72),
        ("paid in the preceding twelve months.", 72),
        ("3. This agreement is governed by German law.", 72),
    )
    # when the page is laid out
    blocks = layout_lines(lines, 612, 792)
    # then the lower-case line continues its item instead of starting a paragraph
    assert [t for t, _, _ in items(blocks)] == [
        "1. Either party may terminate with ninety days written notice.",
        "2. Liability is limited to the fees paid in the preceding twelve months.",
        "3. This agreement is governed by German law.",
    ]
    assert [b.kind for b in blocks] == ["list_item"] * 3


def test_given_a_nested_item_after_its_parents_paragraph_then_the_markdown_keeps_it_in_the_list() -> None:
    from common.documents.results import Block, blocks_to_markdown

    box = (0.0, 0.0, 1.0, 1.0)
    # given: an item, its second paragraph (a block of its own), then two sub-items, and a
    # nested item with no list before it
    blocks = [
        Block(kind="list_item", text="Animate is a vector animation tool.", level=0, bbox=box),
        Block(kind="paragraph", text="It is the successor to Flash Professional.", bbox=box),
        Block(kind="list_item", text="Flash Builder, an IDE.", level=1, bbox=box),
        Block(kind="list_item", text="Scout, a profiler.", level=1, bbox=box),
        Block(kind="section_header", text="Other tools", level=1, bbox=box),
        Block(kind="list_item", text="Bridge, an organiser.", level=1, bbox=box),
    ]

    # when
    md = blocks_to_markdown(blocks)

    # then: the paragraph is indented into the item and the sub-items with it, so that no
    # line is a code block (four spaces after a paragraph at the margin); the orphan
    # nested item starts a list at the margin
    lines = md.splitlines()
    assert "    It is the successor to Flash Professional." in lines, md
    assert "    - Flash Builder, an IDE." in lines and "    - Scout, a profiler." in lines, md
    assert "- Bridge, an organiser." in lines, md
