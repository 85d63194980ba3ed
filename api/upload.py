"""Stream a multipart upload straight to a temp file: hashed, counted and capped as it
arrives, never held whole in memory, refused the moment it passes the size limit."""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from fastapi import Request
from python_multipart.multipart import MultipartParser, parse_options_header

from common.core.errors import InvalidInput, PagemillError, PayloadTooLarge, UnsupportedMediaType
from common.core.settings import HttpSettings
from common.documents.forms import FILE_FIELD, StagedUpload

HEAD_BYTES = 2048
MAX_FIELD_BYTES = 64 * 1024  # form fields are small (metadata is capped at 4 KB anyway)
MULTIPART_OVERHEAD = 64 * 1024
MAX_PARTS = 16  # the file and each form field, with room for clients that send empty extras
# One header line of a part (python-multipart's default is 4 KB): room for a file name of
# 10 KB or more, which is cut to its last component for display anyway.
MAX_PART_HEADER_BYTES = 32 * 1024
# Header lines of one part: a form part needs two (Content-Disposition, Content-Type).
MAX_PART_HEADERS = 16
# RFC 2046: 1-70 characters from a small set. A longer one is no client's, and the parser
# compares it at every candidate position.
_BOUNDARY = re.compile(rb"[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]")


class UploadTooSlow(PagemillError):
    status, code, title = 408, "request-timeout", "Request timeout"
    headers = {"Connection": "close"}


async def paced(stream: AsyncIterator[bytes], edge: HttpSettings) -> AsyncIterator[bytes]:
    """The body's chunks, as long as they keep to http.upload_min_rate (on average, after
    a grace) and end within http.upload_deadline: a client that sends a byte now and
    then would otherwise hold its connection, and a temp file, for ever."""
    start = time.monotonic()
    received = 0
    while True:
        allowed = edge.upload_deadline
        if edge.upload_min_rate > 0:
            allowed = min(allowed, edge.upload_min_rate_grace + received / edge.upload_min_rate)
        try:
            chunk = await asyncio.wait_for(
                anext(stream), timeout=max(0.0, start + allowed - time.monotonic())
            )
        except StopAsyncIteration:
            return
        except TimeoutError:
            raise UploadTooSlow(
                f"the upload was too slow: it must arrive at {edge.upload_min_rate} bytes/s or more "
                f"(after {edge.upload_min_rate_grace:g} s) and within {edge.upload_deadline:g} s"
            ) from None
        received += len(chunk)
        yield chunk


@dataclass
class _Part:
    name: str | None = None
    filename: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    data: bytearray = field(default_factory=bytearray)


@dataclass
class ParsedForm:
    fields: dict[str, str]
    upload: StagedUpload | None


async def receive(request: Request, *, max_bytes: int, tmpdir: Path, edge: HttpSettings) -> ParsedForm:
    ctype, params = parse_options_header(request.headers.get("content-type", ""))
    if ctype != b"multipart/form-data" or b"boundary" not in params:
        raise UnsupportedMediaType(f"send the document as multipart/form-data with a {FILE_FIELD!r} part")
    if not _BOUNDARY.fullmatch(params[b"boundary"]):
        raise UnsupportedMediaType("the multipart boundary must be 1 to 70 characters (RFC 2046)")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes + MULTIPART_OVERHEAD:
        raise PayloadTooLarge(f"the upload is larger than the limit of {max_bytes} bytes", limit=max_bytes)

    fields: dict[str, str] = {}
    state: dict[str, object] = {}
    part = _Part()
    header_field = bytearray()
    header_value = bytearray()
    sink: IO[bytes] | None = None
    sha = hashlib.sha256()
    size = 0
    head = bytearray()
    fd, name = tempfile.mkstemp(dir=tmpdir, prefix="upload-")
    os.close(fd)  # reopened below for the file part; an fd left open would pin the disk space
    path = Path(name)
    file_seen = False

    parts = 0
    seen_names: set[str] = set()

    def on_part_begin() -> None:
        nonlocal part, parts
        parts += 1
        if parts > MAX_PARTS:
            raise InvalidInput(f"the form has more than {MAX_PARTS} parts")
        part = _Part()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header_field.extend(data[start:end])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header_value.extend(data[start:end])

    def on_header_end() -> None:
        if len(part.headers) >= MAX_PART_HEADERS:
            raise InvalidInput(f"a form part has more than {MAX_PART_HEADERS} header lines")
        part.headers[header_field.decode("latin-1").lower()] = header_value.decode("latin-1")
        header_field.clear()
        header_value.clear()

    def on_headers_finished() -> None:
        nonlocal sink, file_seen
        _, disp = parse_options_header(part.headers.get("content-disposition", ""))
        part.name = disp.get(b"name", b"").decode("utf-8", "replace")
        # RFC 7578: every part is form-data with a name. A nameless part, or a name sent
        # twice, would leave it to this parser which value counts, and a proxy or filter
        # in front may have judged the other one.
        if not part.name:
            raise InvalidInput("every form part needs Content-Disposition: form-data with a name")
        if part.name in seen_names:
            raise InvalidInput(f"form field {part.name!r} is sent more than once", field=part.name)
        seen_names.add(part.name)
        raw_name = disp.get(b"filename")
        part.filename = raw_name.decode("utf-8", "replace") if raw_name is not None else None
        if part.name == FILE_FIELD:
            file_seen = True
            sink = path.open("wb")
            state["filename"] = part.filename

    def on_part_data(data: bytes, start: int, end: int) -> None:
        nonlocal size
        chunk = data[start:end]
        if part.name == FILE_FIELD and sink is not None:
            size += len(chunk)
            if size > max_bytes:
                raise PayloadTooLarge(
                    f"the upload is larger than the limit of {max_bytes} bytes", limit=max_bytes
                )
            if len(head) < HEAD_BYTES:
                head.extend(chunk[: HEAD_BYTES - len(head)])
            sha.update(chunk)
            sink.write(chunk)
        else:
            part.data.extend(chunk)
            if len(part.data) > MAX_FIELD_BYTES:
                raise InvalidInput(f"form field {part.name!r} is too large", field=part.name)

    def on_part_end() -> None:
        nonlocal sink
        if part.name == FILE_FIELD and sink is not None:
            sink.close()
            sink = None
        elif part.name:
            try:
                fields[part.name] = part.data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InvalidInput(f"form field {part.name!r} is not UTF-8", field=part.name) from exc

    ended: list[bool] = []  # the closing boundary was seen
    parser = MultipartParser(
        params[b"boundary"],
        max_header_size=MAX_PART_HEADER_BYTES,
        callbacks={
            "on_part_begin": on_part_begin,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_end": lambda: ended.append(True),
        },
    )
    # The whole body is capped, not only the file part: fields, headers and a chunked
    # body without Content-Length all count.
    body_limit = max_bytes + MULTIPART_OVERHEAD
    received = 0
    try:
        async for chunk in paced(request.stream(), edge):
            received += len(chunk)
            if received > body_limit:
                raise PayloadTooLarge(
                    f"the upload is larger than the limit of {max_bytes} bytes", limit=max_bytes
                )
            parser.write(chunk)
        parser.finalize()
        # A body cut short (no closing boundary) parses without error, minus its last
        # part: accepting it would silently drop a field (a webhook_url, the metadata).
        if not ended:
            raise InvalidInput(
                "the multipart body is incomplete: it has no closing boundary (was it cut short?)"
            )
    except (InvalidInput, PayloadTooLarge, UploadTooSlow):
        raise
    except Exception as exc:  # python-multipart raises its own errors on malformed bodies
        raise InvalidInput(f"the multipart body is malformed ({exc})") from exc
    finally:
        if sink is not None:
            sink.close()
    if not file_seen:
        return ParsedForm(fields=fields, upload=None)
    filename = state.get("filename")
    return ParsedForm(
        fields=fields,
        upload=StagedUpload(
            path=path,
            size=size,
            sha256=sha.hexdigest(),
            head=bytes(head),
            filename=filename if isinstance(filename, str) else None,
        ),
    )
