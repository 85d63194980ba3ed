"""What a page's interactive form fields show: ticked or empty options, and filled-in text.

A fillable PDF draws its checkboxes, radio buttons and typed-in values as widget
annotations (their appearance streams), not in the page's content, so the text layer
does not hold them: a form's options come out as bare labels and its answers are lost.
Read through pdfium's form API (the field type, and the state and value, inherit from the
field a widget belongs to, which the annotation's own dictionary does not show), they join
the text layer as the page shows them:

- a checkbox or radio button with a label to its right becomes a ☐ or ☑ span before the
  label, on the label's row, as a form that prints the glyphs reads (the layout makes
  list items with a state of those); the field declares itself a checkbox, so unlike a
  drawn square (worker/engines/pdf_text.py) no size is asked of it. A square drawn in the
  page's content under the widget (the form's printed box) is dropped: the widget's state
  is the one shown; a box the page prints there as a glyph ("☐") is that box, in the
  widget's state, not a second one before the label;
- a text field's or a combo box's value becomes words in the field's rectangle, as its
  appearance shows it (worker/engines/form_values.py: "$ 84,000.00" for a /V of
  "84000"), where and as large as the appearance draws it, and never past the
  rectangle's sides.

Pages without annotations cost one count; the form environment is made only for a page
with widgets. Pages cut out of a longer file (page extractors, "print to PDF") keep their
widgets but often lose the document's /AcroForm, or the form no longer lists them: such
a page's widgets are then loaded from the page itself, as a viewer does when it opens
the page, so that a widget still gets the type, value and flags of the field above it;
a checkbox or radio widget whose field is gone altogether (its /Parent a dangling
reference) still shows its state, which is its own /AS.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pypdfium2
import pypdfium2.raw as pdfium_c

from worker.engines.form_values import CHAR_EM, Value, ValueLine, appearance_lines, believable
from worker.engines.form_values import wide as _wide
from worker.engines.layout.patterns import BOXES
from worker.engines.textlayer import Box, TextSpan
from worker.engines.value_joins import with_values
from worker.engines.widget_covers import opaque_backgrounds, uncovered

if TYPE_CHECKING:
    from worker.engines.textlayer import TextLayer, _PageFrame

_WIDGET = pdfium_c.FPDF_ANNOT_WIDGET
_OPTIONS = (pdfium_c.FPDF_FORMFIELD_CHECKBOX, pdfium_c.FPDF_FORMFIELD_RADIOBUTTON)
_VALUES = (pdfium_c.FPDF_FORMFIELD_TEXTFIELD, pdfium_c.FPDF_FORMFIELD_COMBOBOX)
_UNSEEN = (
    pdfium_c.FPDF_ANNOT_FLAG_HIDDEN | pdfium_c.FPDF_ANNOT_FLAG_NOVIEW | pdfium_c.FPDF_ANNOT_FLAG_INVISIBLE
)
_PASSWORD = pdfium_c.FPDF_FORMFLAG_TEXT_PASSWORD  # shown as dots: its value is not on the page
_COMB = 1 << 24  # a text field's Ff bit 25: its characters spaced out over a row of cells
_PUSH = 1 << 16  # a button field's Ff bit 17: a push button, which has no state
_UNKNOWN = -1  # FPDFAnnot_GetFormFieldType of a widget that no field of the form stands for
_MAX_WIDGETS = 500  # a page with more is a data-entry grid: read the first ones only
_LABEL_EMS = 3.0  # a label starts within this many ems right of its box (as for drawn boxes)
_PAD = 2.0  # points between a text field's border and its text (viewers' usual inset)
_AUTO_SIZE_MAX = 12.0  # an auto-sized ("0 Tf") value: fit to the field, at most this
_ASCENT = 0.93  # of a shown value's size above its baseline, and below it: Helvetica's
_DESCENT = 0.22  # (form fields' usual font) FontBBox, as pdfium's loose boxes have it


_BOX_GLYPHS = frozenset(BOXES)  # a box the page prints as a glyph, under a widget or not
Option = tuple[float, float, float, float, bool]  # a checkbox widget's box, displayed, and its state


def add_form_fields(page: pypdfium2.PdfPage, frame: _PageFrame, layer: TextLayer) -> None:
    """Adds to ``layer`` what the page's form widgets show (see the module's docstring)."""
    if not layer.spans:  # a scan with fields over it: its text is read from the pixels
        return
    if not pdfium_c.FPDFPage_GetAnnotCount(page.raw):
        return
    options, values, backgrounds = read_widgets(page, frame)
    spans = layer.spans
    if backgrounds:  # fields painted opaque over printed text, which the reader does not see
        spans = uncovered(spans, backgrounds)
    if values:
        spans = with_values(spans, values)
    if options:
        layer.boxes = [b for b in layer.boxes if not _under_widget(b, options)]
        spans = with_options(spans, options)
    layer.spans = spans


def read_widgets(
    page: pypdfium2.PdfPage, frame: _PageFrame
) -> tuple[list[Option], list[Value], list[tuple[float, float, float, float]]]:
    """The page's checkbox and radio widgets with their state, its filled-in text and
    combo box fields, and the opaque backgrounds those text and combo box fields paint,
    in the frame of the spans; hidden widgets left out."""
    options: list[Option] = []
    values: list[Value] = []
    backgrounds: list[tuple[float, float, float, float]] = []
    count = min(int(pdfium_c.FPDFPage_GetAnnotCount(page.raw)), _MAX_WIDGETS)
    widgets = []
    for i in range(count):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
        if not annot:
            continue
        if (
            pdfium_c.FPDFAnnot_GetSubtype(annot) == _WIDGET
            and not pdfium_c.FPDFAnnot_GetFlags(annot) & _UNSEEN
        ):
            widgets.append(annot)
        else:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    if not widgets:
        return options, values, backgrounds
    try:
        with _form_handle(page) as form:
            if form is None:
                return options, values, backgrounds
            kinds = [pdfium_c.FPDFAnnot_GetFormFieldType(form.handle, annot) for annot in widgets]
            if _UNKNOWN in kinds and form.load_page():  # widgets the form does not list
                kinds = [
                    k if k != _UNKNOWN else pdfium_c.FPDFAnnot_GetFormFieldType(form.handle, annot)
                    for k, annot in zip(kinds, widgets, strict=True)
                ]
            fields: list[
                tuple[int, int, tuple[float, float, float, float], tuple[float, float, float, float]]
            ] = []
            for annot, kind in zip(widgets, kinds, strict=True):
                if kind == _UNKNOWN:
                    kind = _own_kind(annot)
                if kind not in _OPTIONS and kind not in _VALUES:
                    continue
                rect = pdfium_c.FS_RECTF()
                if not pdfium_c.FPDFAnnot_GetRect(annot, ctypes.byref(rect)):
                    continue
                left, right = sorted((rect.left, rect.right))
                bottom, top = sorted((rect.bottom, rect.top))
                x0, y0, x1, y1 = frame.box(left, bottom, right, top)
                if x1 - x0 <= 0 or y1 - y0 <= 0:
                    continue
                if kind in _OPTIONS:
                    options.append((x0, y0, x1, y1, _shown_on(annot)))
                    continue
                backgrounds.extend(opaque_backgrounds(annot, (left, bottom, right, top), frame.box))
                flags = int(pdfium_c.FPDFAnnot_GetFormFieldFlags(form.handle, annot))
                if not flags & _PASSWORD:
                    fields.append((annot, flags, (left, bottom, right, top), (x0, y0, x1, y1)))
            shown = [_shown_lines(form, *f, frame) for f in fields]
            if any(lines is None for lines in shown) and form.load_page():
                # A value with no appearance drawing it: a viewer draws one from /V on
                # opening the page (as it redraws all where the form asks it to).
                shown = [_shown_lines(form, *f, frame) for f in fields]
            values = [(f[3], lines) for f, lines in zip(fields, shown, strict=True) if lines]
    finally:
        for annot in widgets:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return options, values, backgrounds


class _Form:
    """A form environment to read a page's widgets through, and whether the page has been
    loaded into it (its widgets made fields of the form)."""

    def __init__(self, handle: Any, page: pypdfium2.PdfPage, loaded: bool) -> None:
        self.handle = handle
        self.page = page
        self.loaded = loaded

    def load_page(self) -> bool:
        """Loads the page into the environment, as a viewer does on opening it: its
        widgets that the document's form does not list (or that have no form to be listed
        in) become fields, their type and value inherited from the field above them.
        Whether that was new."""
        if self.loaded:
            return False
        pdfium_c.FORM_OnAfterLoadPage(self.page.raw, self.handle)
        self.loaded = True
        return True


@contextmanager
def _form_handle(page: pypdfium2.PdfPage) -> Iterator[_Form | None]:
    """The document's form environment: the caller's when it made one (pypdfium2 has
    loaded the page into it), else one made for this page and closed after (keeping no
    state on the caller's document), made also where the document has no form at all."""
    pdf = page.parent
    env = getattr(pdf, "formenv", None)
    if env is not None:
        yield _Form(env.raw, page, loaded=True)
        return
    info = pdfium_c.FPDF_FORMFILLINFO(version=1)  # no XFA, no callbacks: we only read
    handle = pdfium_c.FPDFDOC_InitFormFillEnvironment(pdf.raw, ctypes.byref(info))
    if not handle:
        yield None
        return
    form = _Form(handle, page, loaded=False)
    try:
        yield form
    finally:
        if form.loaded:
            pdfium_c.FORM_OnBeforeClosePage(page.raw, handle)
        pdfium_c.FPDFDOC_ExitFormFillEnvironment(handle)


def _own_kind(annot: int) -> int:
    """A widget's field type from its own dictionary, for one that no field of the form
    stands for (its /Parent gone, or the type set higher up than pdfium looks): a widget
    with an appearance state (/AS) is an on/off button, the only widgets that have states
    to switch between, unless its own flags make it a push button. Anything else is left
    unread: a text field's type and value are its field's."""
    kind = _wide(lambda buf, n: pdfium_c.FPDFAnnot_GetStringValue(annot, b"FT", buf, n))
    if kind not in ("", "Btn") or not pdfium_c.FPDFAnnot_HasKey(annot, b"AS"):
        return _UNKNOWN
    flags = ctypes.c_float(0)
    if pdfium_c.FPDFAnnot_GetNumberValue(annot, b"Ff", ctypes.byref(flags)) and int(flags.value) & _PUSH:
        return _UNKNOWN
    return int(pdfium_c.FPDF_FORMFIELD_CHECKBOX)


def _shown_on(annot: int) -> bool:
    """Whether a checkbox or radio widget shows its ticked appearance: its appearance
    state /AS, always the widget's own, names a state other than Off. (pdfium's
    FPDFAnnot_IsChecked asks the page's view, which a form environment made only to read
    has not got.)"""
    state = _wide(lambda buf, n: pdfium_c.FPDFAnnot_GetStringValue(annot, b"AS", buf, n))
    return state not in ("", "Off")


def _field_value(form: int, annot: int) -> str:
    return _wide(lambda buf, n: pdfium_c.FPDFAnnot_GetFormFieldValue(form, annot, buf, n))


def _auto_sized(form: int, annot: int) -> bool:
    """Whether the field's default appearance sizes its text to the field ("0 Tf")."""
    size = ctypes.c_float(0)
    return not (pdfium_c.FPDFAnnot_GetFontSize(form, annot, ctypes.byref(size)) and size.value > 0)


def _font_size(form: int, annot: int, height: float) -> float:
    """The value's font size from the field's default appearance; 0 there means fitted to
    the field, as viewers do (the field's height less its insets, capped)."""
    size = ctypes.c_float(0)
    if pdfium_c.FPDFAnnot_GetFontSize(form, annot, ctypes.byref(size)) and size.value > 0:
        return float(size.value)
    return max(1.0, min(_AUTO_SIZE_MAX, height - 2 * _PAD))


def _quadding(annot: int) -> int:
    """The field's alignment: 0 left, 1 centred, 2 right (its own /Q; left if unset)."""
    q = ctypes.c_float(0)
    if pdfium_c.FPDFAnnot_GetNumberValue(annot, b"Q", ctypes.byref(q)) and int(q.value) in (1, 2):
        return int(q.value)
    return 0


def _shown_lines(
    form: _Form,
    annot: int,
    flags: int,
    rect: tuple[float, float, float, float],
    box: tuple[float, float, float, float],
    frame: _PageFrame,
) -> list[ValueLine] | None:
    """A text or combo box field's value as its widget shows it (form_values.py): the
    lines its appearance draws, placed from the lower left of the widget's ``rect``
    (page space) into the frame; laid out as a viewer would in ``box`` (the frame's)
    where they do not fall in the rectangle (an appearance turned with its field). Its
    /V, so laid out, where the appearance draws text this reader cannot take for the
    value (a comb field's characters spaced out cell by cell, a font it cannot decode,
    a stale appearance), or where the widget has none (nor any the form environment
    draws). None where /V has a value that no appearance draws and the page is not yet
    loaded into the form environment (which draws missing and outdated appearances);
    nothing where the appearance shows no text: a viewer shows none."""
    value = _field_value(form.handle, annot).strip()
    shown = appearance_lines(annot)
    if shown and not flags & _COMB and believable(shown, value):
        left, bottom, right, top = rect
        if not all(
            -s / 2 <= base <= top - bottom and x0 < right - left and x1 > 0 for _, x0, base, x1, s, _ in shown
        ):
            text = "\n".join(ln[0] for ln in shown)
            return _estimated_lines(text, box, max(ln[4] for ln in shown), _quadding(annot))
        # An auto-sized field's text is as large as its box allows: no emphasis, so it
        # reads at most at the size viewers cap such text at (a tall field's value
        # would otherwise pass for a heading, or part its row from the smaller values
        # beside it as a title's row is parted).
        cap = _AUTO_SIZE_MAX if _auto_sized(form.handle, annot) else float("inf")
        out = []
        for text, x0, base, x1, size, measured in shown:
            y = bottom + base
            fx0, ftop, fx1, fbottom = frame.box(left + x0, y - _DESCENT * size, left + x1, y + _ASCENT * size)
            out.append((text, fx0, ftop, fx1, fbottom, min(size, cap), measured))
        return out
    if not value:
        return []
    if shown == []:
        if not form.loaded:
            return None
        if pdfium_c.FPDFAnnot_HasKey(annot, b"AP"):
            return []
    return _estimated_lines(value, box, _font_size(form.handle, annot, box[3] - box[1]), _quadding(annot))


def _estimated_lines(
    text: str, box: tuple[float, float, float, float], size: float, quad: int
) -> list[ValueLine]:
    """A value laid out in its field's box as viewers do: line after line from its top
    (a multi-line field's), each aligned as the field says; widths estimated, the field's
    font being unknown here."""
    x0, top, x1, bottom = box
    lines = [" ".join(ln.split()) for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if ln]
    y = (top + bottom - 1.2 * size) / 2 if len(lines) == 1 else top + _PAD  # one line: centred
    out: list[ValueLine] = []
    for line in lines:
        width = len(line) * CHAR_EM * size
        if quad == 1:
            x = (x0 + x1 - width) / 2
        elif quad == 2:
            x = x1 - _PAD - width
        else:
            x = x0 + _PAD
        out.append((line, x, y, x + width, y + 1.2 * size, size, False))
        y += 1.2 * size
    return out


def with_options(spans: list[TextSpan], options: list[Option]) -> list[TextSpan]:
    """The spans with a ☐ (☑ when ticked) before the label right of each option widget,
    on the label's row; a widget with no label to its right (one labelled on its left, in
    a table's cell) adds nothing, as a drawn box without one does. A box beside a row
    reaches over half of the row's height (of its own, if smaller); one centred on a
    label of two lines does so for both and goes before the first: a label is read from
    its start."""
    before: dict[int, list[TextSpan]] = {}
    printed: dict[int, str] = {}  # box glyphs in the page's content under a widget
    for x0, top, x1, bottom, checked in options:
        glyph = "☑" if checked else "☐"
        under = next(
            (i for i, s in enumerate(spans) if s.text in _BOX_GLYPHS and _inside(s, x0, top, x1, bottom)),
            None,
        )
        if under is not None:
            # The form's printed box, which the widget draws over: the one box, in the
            # state the widget shows (another glyph before the label would read "☐ ☐").
            printed[under] = glyph
            continue
        after: int | None = None
        for i, s in enumerate(spans):
            beside = (
                min(s.bottom, bottom) - max(s.top, top) >= min(s.bottom - s.top, bottom - top) / 2
                and x1 - 0.5 <= s.x0 <= x1 + _LABEL_EMS * s.size
            )
            if beside and (after is None or (s.top, s.x0) < (spans[after].top, spans[after].x0)):
                after = i
        if after is not None:
            s = spans[after]
            before.setdefault(after, []).append(TextSpan(glyph, x0, s.top, x1, s.bottom, s.size, False))
    if not before and not printed:
        return spans
    out: list[TextSpan] = []
    for i, s in enumerate(spans):
        out.extend(before.get(i, ()))
        out.append(s._replace(text=printed[i]) if i in printed else s)
    return out


def _inside(span: TextSpan, x0: float, top: float, x1: float, bottom: float) -> bool:
    """Whether the centre of ``span`` lies in the rectangle."""
    cx, cy = (span.x0 + span.x1) / 2, (span.top + span.bottom) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _under_widget(box: Box, options: list[Option]) -> bool:
    """Whether a drawn square lies on an option widget (its centre inside the widget's
    rectangle): the form's printed box, which the widget draws over."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom, _ in options)
