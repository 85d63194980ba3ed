"""Which pages a request asks for: the ``pages`` option, e.g. ``"1-3,7"``."""

from __future__ import annotations

import re

from common.core.errors import InvalidInput

_PAGES_RE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


# Bounds on the selection itself, checked before it is parsed: thousands of overlapping
# ranges each of every page cost a submit hundreds of milliseconds of CPU.
MAX_SPEC_LENGTH = 1000
MAX_RANGES = 100


def check_selection_size(spec: str | None) -> None:
    """Refuse a selection longer than MAX_SPEC_LENGTH or of more than MAX_RANGES parts."""
    if spec is None:
        return
    if len(spec) > MAX_SPEC_LENGTH:
        raise InvalidInput(f"pages: longer than {MAX_SPEC_LENGTH} characters", field="pages")
    if spec.count(",") + 1 > MAX_RANGES:
        raise InvalidInput(f"pages: more than {MAX_RANGES} pages or ranges", field="pages")


def parse_page_selection(spec: str | None, page_count: int) -> list[int]:
    """``"1-3,7"`` → [1, 2, 3, 7]; None or "" → every page. Page numbers are 1-based."""
    if spec is None or not spec.strip():
        return list(range(1, page_count + 1))
    check_selection_size(spec)
    selected: set[int] = set()
    for part in spec.split(","):
        m = _PAGES_RE.match(part)
        if not m:
            raise InvalidInput(
                f"pages: {part.strip()!r} is not a page or a range; use e.g. '1-3,7'", field="pages"
            )
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        if first < 1 or last < first:
            raise InvalidInput(f"pages: {part.strip()!r} is not a valid range", field="pages")
        if last > page_count:
            raise InvalidInput(
                f"pages: {part.strip()!r} is out of range: the document has {page_count} page(s)",
                field="pages",
            )
        selected.update(range(first, last + 1))
    return sorted(selected)
