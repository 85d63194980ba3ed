"""header_rows.flush_heads looks a word's start up among its column's sorted line edges
by bisection (header_rows._near): the answer is the one a scan of every edge gives, at
the tolerance's boundary too."""

from __future__ import annotations

import random

from worker.engines.layout.header_rows import _near


def test_near_answers_as_a_scan_of_every_edge() -> None:
    # given edges and starts on a coarse grid (many exactly a tolerance apart) and at random
    rng = random.Random(7)
    for _ in range(2000):
        grid = rng.random() < 0.5
        n = rng.randrange(0, 8)
        edges = sorted(rng.randrange(0, 40) * 0.25 if grid else rng.uniform(0, 10) for _ in range(n))
        x = rng.randrange(0, 40) * 0.25 if grid else rng.uniform(0, 10)
        tol = rng.choice([0.25, 0.5, 0.1 * 3, rng.uniform(0, 1)])
        # when looked up; then as the scan answers
        assert _near(edges, x, tol) == any(abs(e - x) <= tol for e in edges)
