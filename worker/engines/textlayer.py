"""A PDF page's text layer: its words with boxes, font size and weight.

The prepare step extracts it once per page (:func:`extract_text_layer`) and stores it
(:meth:`TextLayer.to_bytes`) so that text-layer engines never reopen the PDF. Boxes are
in page points with the origin at the TOP-LEFT of the page as displayed (crop box and
/Rotate applied), the same frame as :mod:`common.documents.results`.

The work is done in modules of one job each, and this one is where the rest of Pagemill
takes a text layer from (its names are theirs):

- :mod:`worker.engines.text_spans`: the spans, the layer and its storage form;
- :mod:`worker.engines.text_extract`: reading a page's words into spans;
- :mod:`worker.engines.glyph_split`: the words read glyph by glyph;
- :mod:`worker.engines.pdfium_chars`: pdfium's character reads, from C
  (worker/engines/_pdfium_words.c) where it is built, else through ctypes;
- :mod:`worker.engines.text_fonts`, :mod:`worker.engines.page_frame`: text objects' fonts,
  and the displayed page's frame.

Split so, the text layer's Python runs as fast as in one module: its hot loops bind what
they call to locals, and calls between the modules are per word, not per glyph.
"""

from __future__ import annotations

import pypdfium2

try:  # built by setup.py; absent from installs made with PAGEMILL_PURE_PYTHON=1
    from worker.engines import _pdfium_words
except ImportError:  # the ctypes twins in pdfium_chars.py do the same
    _pdfium_words = None  # type: ignore[assignment]
from worker.engines.page_frame import _PageFrame
from worker.engines.pdfium_chars import _address
from worker.engines.text_extract import _Extractor
from worker.engines.text_spans import FAKE_SHARE, Box, Rule, TextLayer, TextSpan

__all__ = [
    "FAKE_SHARE",
    "Box",
    "Rule",
    "TextLayer",
    "TextSpan",
    "_PageFrame",
    "_address",
    "extract_text_layer",
]


def extract_text_layer(page: pypdfium2.PdfPage) -> TextLayer:
    """The words of ``page`` with loose boxes in displayed, top-left coordinates.

    Loose boxes (font ascent to descent, origin to advance) rather than tight glyph
    boxes: every character of a line gets the same vertical extent, which makes line
    grouping robust, and consecutive characters abut, so horizontal gaps measure real
    word and column spacing instead of glyph side bearings.
    """
    frame = _PageFrame(page)
    textpage = page.get_textpage()
    try:
        layer = _Extractor(textpage, frame, page, _pdfium_words).run()
    finally:
        textpage.close()
    from worker.engines.dotted_rules import in_rules, off_text
    from worker.engines.drawings import extract_drawings  # it imports this module
    from worker.engines.drawn_bullets import with_bullets
    from worker.engines.drawn_underscores import with_underscores

    layer.rules, layer.boxes, dots, bars, dotted = extract_drawings(page, frame)
    if dotted:  # rules drawn dot by dot: their dots are no bullets nor underscores
        dotted = off_text(dotted, layer.spans)
        layer.rules = [*layer.rules, *dotted]
        dots = [d for d in dots if not in_rules(d, dotted)]
        bars = [b for b in bars if not in_rules(b, dotted)]
    if dots:  # bullets drawn as shapes: the "•" they show, as if the layer had the glyph
        layer.spans = with_bullets(layer.spans, dots)
    if bars:  # underscores drawn as rules ("Kick_To"): the "_" they show
        layer.spans = with_underscores(layer.spans, bars, layer.rules)
    from worker.engines.form_fields import add_form_fields  # it imports this module

    add_form_fields(page, frame, layer)  # fillable forms: widgets' options and values
    return layer
