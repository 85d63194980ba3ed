"""What prepare spends per scanned page on the image OCR reads: render + PNG encode (on
the CPU worker), and PNG decode (on the page task), with the stored size.

Compares a 200 DPI render with one capped at OCR's 1540 px long side, on the scanned
invoice of ``tests/factories/files`` (three letter pages, images only).

    .venv/bin/python bench/render_cost.py
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    import pypdfium2 as pdfium
    from PIL import Image

    from common.core.engines import OCR_DPI
    from common.core.engines import OCR_MAX_EDGE as MAX_SIDE
    from tests.factories import files
    from worker.render import encode_png

    pdf = pdfium.PdfDocument(files.scanned_invoice_pdf(pages=(1, 2, 3)))
    settings = {
        f"{OCR_DPI} DPI": lambda w, h: OCR_DPI / 72,
        f"{OCR_DPI} DPI, at most {MAX_SIDE} px": lambda w, h: min(OCR_DPI / 72, MAX_SIDE / max(w, h)),
    }
    print("| render | pixels | render + PNG encode, ms/page | PNG decode, ms/page | stored MB/page |")
    print("|---|---|---|---|---|")
    for label, scale_of in settings.items():
        encode = decode = 0.0
        size = n = 0
        dims = (0, 0)
        for _ in range(5):
            for i in range(len(pdf)):
                page = pdf[i]
                t0 = time.perf_counter()
                image = page.render(scale=scale_of(*page.get_size())).to_pil()
                data = encode_png(image)
                t1 = time.perf_counter()
                Image.open(io.BytesIO(data)).load()
                decode += time.perf_counter() - t1
                encode += t1 - t0
                size, n, dims = size + len(data), n + 1, image.size
        print(
            f"| {label} | {dims[0]}x{dims[1]} | {1000 * encode / n:.0f} | {1000 * decode / n:.0f} "
            f"| {size / n / 1e6:.2f} |"
        )


if __name__ == "__main__":
    main()
