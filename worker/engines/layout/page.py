"""A page's lines to its blocks: the layout's stages in the order they run."""

from __future__ import annotations

from collections.abc import Sequence

from common.documents.results import Block
from worker.engines.layout.blocks import (
    band_row,
    classify,
    flow_protos,
    line_pitch,
    running_block,
    table_proto,
    to_block,
)
from worker.engines.layout.model import LayoutLine, Proto
from worker.engines.layout.rows import page_stats, running_bands, split_at_gaps, to_bands
from worker.engines.layout.segment import join_flows, segment


def layout_lines(
    lines: Sequence[LayoutLine], width: float, height: float, *, allow_title: bool = True
) -> list[Block]:
    """Blocks in reading order from text lines anywhere on a ``width`` x ``height`` page.

    ``allow_title``: whether the page may have a document title (the caller passes True
    for the first page only).
    """
    lines = [piece for ln in lines if ln.text.strip() for piece in split_at_gaps(ln)]
    if not lines:
        return []
    stats = page_stats(lines)
    bands = to_bands(lines, stats)
    head, bands, foot = running_bands(bands, stats, height)

    regions = join_flows(segment(bands, stats, 0), stats)
    flows = {id(r): [band_row(b) for b in r.bands] for r in regions if r.kind == "flow"}
    stats.pitch = line_pitch(list(flows.values()))

    protos: list[Proto] = []
    for region in regions:
        if region.kind == "table":
            protos.append(table_proto(region))
        else:
            protos.extend(flow_protos(flows[id(region)], stats))
    classify(protos, stats, height, allow_title=allow_title)

    blocks = [running_block("page_header", b) for b in head]
    blocks += [to_block(p) for p in protos]
    blocks += [running_block("page_footer", b) for b in foot]
    return blocks
