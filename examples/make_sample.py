"""Write examples/invoice.pdf, the sample invoice used in docs and demos.

The generator lives in tests/factories/files.py (the test suite asserts on its ground
truth); this script only writes its deterministic output to disk:

    python examples/make_sample.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.factories.files import invoice_pdf  # noqa: E402


def main() -> None:
    out = REPO_ROOT / "examples" / "invoice.pdf"
    data = invoice_pdf()
    out.write_bytes(data)
    print(f"wrote {out.relative_to(REPO_ROOT)} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
