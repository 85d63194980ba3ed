"""Prove the file factories in tests/factories/files.py produce what they claim."""

from __future__ import annotations

import io
import re
import zipfile

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageSequence, TiffImagePlugin

from tests.factories import files as f


def _page_texts(data: bytes, password: str | None = None) -> list[str]:
    doc = pdfium.PdfDocument(data, password=password)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def _flat(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------- invoice


def test_invoice_pdf_has_three_pages_with_ground_truth() -> None:
    data = f.invoice_pdf()
    assert data.startswith(b"%PDF-")
    assert len(data) < 50_000
    pages = _page_texts(data)
    assert len(pages) == f.INVOICE_PAGE_COUNT == 3

    p1 = _flat(pages[0])
    assert f.INVOICE_NUMBER in p1
    assert f.INVOICE_DATE in p1
    assert f.INVOICE_TOTAL_LINE in p1
    for desc, qty, unit, amount in f.INVOICE_LINE_ITEMS:
        assert f"{desc} {qty} {unit} {amount}" in p1
    for line in f.INVOICE_SELLER + f.INVOICE_BUYER:
        assert line in p1

    p2 = _flat(pages[1])
    assert f.INVOICE_TERMS_HEADING in p2
    for line in f.INVOICE_LEFT_COLUMN + f.INVOICE_RIGHT_COLUMN:
        assert line in p2

    p3 = _flat(pages[2])
    assert f.INVOICE_IBAN in p3
    assert f.INVOICE_CLOSING_NOTE in p3
    assert f.INVOICE_NUMBER in p3


def test_invoice_pdf_is_deterministic() -> None:
    assert f.invoice_pdf() == f.invoice_pdf()


def test_invoice_terms_ground_truth_is_sane() -> None:
    numbers = [int(m.group(1)) for m in (re.match(r"(\d)\. ", s) for s in f.INVOICE_LEFT_COLUMN) if m]
    assert numbers == [1, 2, 3, 4]
    numbers = [int(m.group(1)) for m in (re.match(r"(\d)\. ", s) for s in f.INVOICE_RIGHT_COLUMN) if m]
    assert numbers == [5, 6, 7, 8]
    all_lines = f.INVOICE_LEFT_COLUMN + f.INVOICE_RIGHT_COLUMN
    assert len(set(all_lines)) == len(all_lines)


def test_naive_extraction_of_invoice_page2_interleaves_columns() -> None:
    """The fixture is a real column-order test: stream order is row by row."""
    text = _flat(_page_texts(f.invoice_pdf())[1])
    left, right = f.INVOICE_LEFT_COLUMN, f.INVOICE_RIGHT_COLUMN
    # Right column's first line comes before the left column's second line ...
    assert text.index(right[0]) < text.index(left[1])
    # ... i.e. the naive output is NOT the correct reading order.
    assert " ".join(left + right) not in text
    assert f"{left[0]} {right[0]} {left[1]} {right[1]}" in text


# ---------------------------------------------------------------------------- other PDFs


def test_text_pdf_many_pages_is_fast_and_valid() -> None:
    data = f.text_pdf(2500)
    doc = pdfium.PdfDocument(data)
    try:
        assert len(doc) == 2500
        assert doc[0].get_textpage().get_text_range() == "Page 1 of 2500"
        assert doc[2499].get_textpage().get_text_range() == "Page 2500 of 2500"
    finally:
        doc.close()


def test_text_pdf_custom_text() -> None:
    assert _page_texts(f.text_pdf(2, text="Hello (k={page})")) == ["Hello (k=1)", "Hello (k=2)"]


def test_image_only_pdf_has_image_and_no_text() -> None:
    doc = pdfium.PdfDocument(f.image_only_pdf())
    try:
        assert len(doc) == 1
        page = doc[0]
        assert page.get_textpage().get_text_range().strip() == ""
        types = [obj.type for obj in page.get_objects()]
        assert pdfium.raw.FPDF_PAGEOBJ_IMAGE in types
        assert pdfium.raw.FPDF_PAGEOBJ_TEXT not in types
    finally:
        doc.close()


def test_encrypted_pdf_needs_password() -> None:
    data = f.encrypted_pdf()
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(data)
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(data, password="wrong")
    assert "password protected" in _page_texts(data, password="secret")[0]
    assert len(_page_texts(f.encrypted_pdf(user_password="pw2"), password="pw2")) == 1


@pytest.mark.parametrize("factory", [f.truncated_pdf, f.corrupt_pdf])
def test_broken_pdfs_fail_to_open(factory: object) -> None:
    assert callable(factory)
    data = factory()
    assert data.startswith(b"%PDF-")
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(data)


def test_empty_pdf_no_pages_is_well_formed_but_rejected_by_pdfium() -> None:
    data = f.empty_pdf_no_pages()
    # Structurally valid: every xref entry points at its "N 0 obj".
    xref_at = data.rindex(b"\nxref\n") + 1
    xref = data[xref_at:]
    offsets = [int(m.group(1)) for m in re.finditer(rb"(\d{10}) 00000 n", xref)]
    assert len(offsets) == 2
    for num, off in enumerate(offsets, start=1):
        assert data[off:].startswith(b"%d 0 obj" % num)
    assert b"/Count 0" in data
    assert int(data.split(b"startxref\n")[1].split(b"\n")[0]) == xref_at
    # PDFium refuses to load any document with zero pages.
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(data)


def test_polyglot_pdf_zip_is_both() -> None:
    data = f.polyglot_pdf_zip()
    assert data.startswith(b"%PDF-")
    assert zipfile.is_zipfile(io.BytesIO(data))
    assert _page_texts(data) == ["Polyglot PDF/ZIP"]


# ---------------------------------------------------------------------------- non-PDF


def test_misc_non_documents() -> None:
    assert f.html_named_pdf().lstrip().lower().startswith(b"<!doctype html")
    assert f.plain_text().decode("utf-8")
    with zipfile.ZipFile(io.BytesIO(f.zip_bytes())) as zf:
        assert zf.namelist() == ["readme.txt", "data/notes.txt"]
    assert f.zip_bytes() == f.zip_bytes()
    with Image.open(io.BytesIO(f.gif())) as im:
        assert im.format == "GIF"


# ---------------------------------------------------------------------------- images


@pytest.mark.parametrize(("factory", "fmt"), [(f.png, "PNG"), (f.jpeg, "JPEG")])
def test_png_and_jpeg(factory: object, fmt: str) -> None:
    assert callable(factory)
    with Image.open(io.BytesIO(factory())) as im:
        assert im.format == fmt
        assert im.size == (400, 300)
        im.load()
    with Image.open(io.BytesIO(factory(width=50, height=20, text="x"))) as im:
        assert im.size == (50, 20)


def test_multipage_tiff_frame_count() -> None:
    for n in (1, 3, 5):
        with Image.open(io.BytesIO(f.multipage_tiff(n))) as im:
            assert im.format == "TIFF"
            frames = [frame.copy() for frame in ImageSequence.Iterator(im)]
            assert len(frames) == n


def test_tiff_with_broken_frame() -> None:
    data = f.tiff_with_broken_frame()
    with Image.open(io.BytesIO(data)) as im:
        assert isinstance(im, TiffImagePlugin.TiffImageFile)
        assert im.n_frames == 3
        im.load()  # frame 0 decodes fine
        im.seek(f.TIFF_BROKEN_FRAME_INDEX)
        with pytest.raises(OSError):
            im.load()
    with Image.open(io.BytesIO(data)) as im, pytest.raises(OSError):
        for frame in ImageSequence.Iterator(im):
            frame.load()


def test_truncated_png() -> None:
    data = f.truncated_png()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert data[12:16] == b"IHDR"
    with Image.open(io.BytesIO(data)) as im:
        assert im.size == (400, 300)
        with pytest.raises(OSError):
            im.load()


def test_png_bomb(monkeypatch: pytest.MonkeyPatch) -> None:
    data = f.png_bomb()
    assert len(data) < 10_000
    # Pillow's own guard trips at the default size ...
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(data))
    # ... and with the guard off, the header reports the huge size.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    with Image.open(io.BytesIO(data)) as im:
        assert im.size == (30000, 30000)
    with Image.open(io.BytesIO(f.png_bomb(width=20000, height=100))) as im:
        assert im.size == (20000, 100)
