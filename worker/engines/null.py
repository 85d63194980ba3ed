"""The ``null`` engine: for tests and orchestration benchmarks only, never the default.

It reads nothing and returns a one-line page, so a benchmark measures the service's
own overhead (API, database, broker, storage), not a model.
"""

from __future__ import annotations

from collections.abc import Sequence

from common.documents.results import Block, PageResult
from worker.engines.base import Engine, PageError, PageInput


class NullEngine(Engine):
    name = "null"
    queue = "cpu"

    def convert(self, pages: Sequence[PageInput]) -> list[PageResult | PageError]:
        out: list[PageResult | PageError] = []
        for p in pages:
            if p.options.get("null_fail_pages") and p.page_no in p.options["null_fail_pages"]:
                out.append(PageError("null_engine_failure", f"page {p.page_no} failed on request (test)"))
                continue
            text = f"Page {p.page_no}"
            block = Block(kind="paragraph", text=text, bbox=(0.0, 0.0, p.width, p.height))
            out.append(
                PageResult(
                    page_no=p.page_no, engine=self.name, width=p.width, height=p.height, blocks=[block]
                )
            )
        return out
