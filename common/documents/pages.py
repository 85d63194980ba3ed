"""Which pages a request asks for: the ``pages`` option, e.g. ``"1-3,7"``."""

from __future__ import annotations

import re

from common.core.errors import InvalidInput

_PAGES_RE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


def parse_page_selection(spec: str | None, page_count: int) -> list[int]:
    """``"1-3,7"`` → [1, 2, 3, 7]; None or "" → every page. Page numbers are 1-based."""
    if spec is None or not spec.strip():
        return list(range(1, page_count + 1))
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
