"""What text looks like to the layout: list markers, page numbers, labels, amounts."""

from __future__ import annotations

import re

BULLETS = "•◦▪▫●○■□‣\u2043∙·◆◇►▶➢➤✓✔"  # U+2043: hyphen bullet
# A list item starts with a bullet, or an enumerator "1." "1)" "(1)" "a)" "(a)" "iv." "(iv)".
# Bare letters with a period ("A. Smith", "e.g.") are too often prose to count.
_MARKER = (
    rf"(?:[{BULLETS}]|[-\u2013\u2014*](?=\s|$)|\(?\d{{1,3}}[.)]|\(?[a-z]\)|\([A-Za-z]\)|[a-z]\.(?=\s|$)"
    r"|\(?[ivxlc]{1,6}[.)])"
)
LIST_START_RE = re.compile(rf"^\s*{_MARKER}(?:\s|$)|^\s*[{BULLETS}]")
MARKER_ONLY_RE = re.compile(rf"^\s*{_MARKER}\s*$")
MARKER_MAX_LEN = 8  # "(viii)" at most: longer text is never a marker alone
FOOTNOTE_START_RE = re.compile(r"^\s*(?:\d{1,3}|[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰])")
WORD_RE = re.compile(r"[^\W\d_]{3,}")
INLINE_LABEL_RE = re.compile(r"^[^:]{1,40}:\s*\S")
PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:(?:page|pagina|página|seite|p\.)\s*:?\s*)?[-\u2013\u2014]?\s*\d{1,4}\s*"
    r"(?:(?:/|of|de|von|sur|van|di)\s*\d{1,4})?\s*[-\u2013\u2014]?\s*$",
    re.IGNORECASE,
)
SENTENCE_END = (".", "!", "?", ":", ";", ".)", '."', ".”")
AMOUNT_RE = re.compile(r"^[-+(]?[$€£¥]?\d(?:[\d.,'\u2019]*\d)?(?:%|\)|[$€£¥])?$")
