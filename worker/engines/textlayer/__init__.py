"""A PDF page's text layer: its words with boxes, font size and weight.

The prepare step extracts it once per page (:func:`extract_text_layer`, module
:mod:`.extract`) and stores it (:meth:`TextLayer.to_bytes`, module :mod:`.layer`) so that
text-layer engines never reopen the PDF.
"""

from worker.engines.textlayer.extract import extract_text_layer
from worker.engines.textlayer.layer import FAKE_SHARE, TextLayer, TextSpan

__all__ = ["FAKE_SHARE", "TextLayer", "TextSpan", "extract_text_layer"]
