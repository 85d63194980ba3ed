"""The layout's distances and ratios, in ems of the local font size unless noted."""

from __future__ import annotations

WORD_GAP_EM = 0.15  # a gap wider than this between glyphs is a word space (no space char needed)
SPLIT_GAP_EM = 1.0  # a gap wider than this cuts a row into separate lines (gutter, table cell)
ROW_OVERLAP = 0.5  # share of the smaller height two boxes must overlap to be on one row
# A word gap this wide, lined up with a gutter other rows show, is that gutter (a word
# space is about 0.25 em, 0.5 em in loosely justified text).
NARROW_GUTTER_EM = 0.6
# A narrower whitespace stripe is a gutter where text stands beside it on both sides over
# this many ems (about four lines): no line of a whole run of rows crosses it.
TALL_GUTTER_MIN_EM = 0.3
TALL_GUTTER_LINES = 4.0
GUTTER_EM = 1.0  # narrowest whitespace column that separates text columns / table columns
MARKER_GAP_EM = 4.0  # a bullet set apart from its text by at most this still belongs to it
HEADING_SIZE_RATIO = 1.15  # a row this much larger than the body font is a heading
# A row within this ratio of a table's print, larger or smaller, is at the table's print
# (table_feet: a total row at its foot). The same number as HEADING_SIZE_RATIO, but a
# two-sided tolerance, not the step up to a heading: kept apart so that tuning headings
# leaves the tables' feet be.
TABLE_PRINT_RATIO = 1.15
PARAGRAPH_EXTRA_EM = 0.35  # extra vertical space over the usual line pitch that ends a paragraph
INDENT_EM = 0.8  # first-line indent that starts a new paragraph
MAX_HEADING_ROWS = 3  # a "heading" longer than this is a large-print paragraph
MAX_BOLD_HEADING_ROWS = 2  # same for body-size bold text (an address block in bold is no heading)
MAX_BOLD_HEADING_WORDS = 14
# Share of the page height at its top and bottom where running headers/footers live: a
# word processor's header sits in the top margin (about 0.5 in of 11 in, or 2 cm of 29.7)
# and its last line ends 7.5-8.5 % down the page.
RUNNING_MARGIN = 0.10
# A running row in words is set at most this large against the body: LaTeX's \small
# over an 11 or 12 pt body is 0.909-0.913 of it (10 over 11, 10.95 over 12).
FURNITURE_SIZE_RATIO = 0.92
FURNITURE_GAP_EM = 0.4  # ... and this far (in body ems) from the text
PAGE_NUMBER_GAP_EM = 1.2  # a page number (or a row of pieces side by side) this far
FURNITURE_MAX_ROWS = 2  # rows a running header or footer may have
NOTE_MARK_GAP_EM = 3.0  # a footnote's marker stands at most this far before its text
SECTION_GAP_EM = 2.5  # a blank stripe this tall across a region separates its parts
FIGURE_GAP_EM = 6.0  # ... and this tall even across columns of running text
SIZE_SPLIT_RATIO = 1.3  # side-by-side lines this different in size are separate rows
NUMERIC_GAP_EM = 0.5  # two amounts this far apart are two cells (a thousands space is ~0.25 em)
LIST_NEST_EM = 0.8  # a list marker this much further right than the one above is nested
# Room left at a line's end beyond its next line's first word (and a space): the line was
# broken on purpose (an address, a list of options), not wrapped.
FORCED_BREAK_EM = 1.0
# OCR line boxes give no font size, and their heights scatter with ascenders and
# descenders: estimated sizes within this ratio of the body size are the body size.
ESTIMATED_SIZE_SLACK = 1.3
# Drawn rules this close (points) are one line of a grid: a double rule, a cell's two
# borders, a rule drawn in pieces that do not quite meet.
RULE_SNAP_PT = 2.0
