"""The ``null`` engine: for tests and orchestration benchmarks only, never the default.

It reads nothing and returns a one-line page, so a benchmark measures the service's
own overhead (API, database, broker, storage), not a model. Tests steer it through the
document's options (set in the database, never accepted from the API): ``null_fail_pages``
fail, ``null_sleep_s`` makes every page take that long (a page to kill a worker in),
``null_crash_pages`` kill the process that runs them (a poisoned page).
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

from common.documents.results import Block, PageResult
from worker.engines.base import Engine, PageError, PageInput


class NullEngine(Engine):
    name = "null"

    def convert(self, pages: Sequence[PageInput]) -> list[PageResult | PageError]:
        out: list[PageResult | PageError] = []
        for p in pages:
            if p.page_no in (p.options.get("null_crash_pages") or ()):
                os._exit(3)  # as a segfault in an engine would: no exception, no cleanup
            if p.options.get("null_sleep_s"):
                time.sleep(float(p.options["null_sleep_s"]))
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
