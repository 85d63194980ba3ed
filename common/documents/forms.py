"""The submit request: its form fields, declared once, and how each is parsed.

The form's text fields are the fields of :class:`SubmitOptions`. The OpenAPI form
schema, the router's refusal of unknown fields and the Idempotency-Key digest all read
them from there, so a new field is declared in one place (and parsed here).
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from common.core.errors import InvalidInput
from common.core.settings import Settings
from common.documents.pages import MAX_SPEC_LENGTH
from common.documents.schemas import (
    DEFAULT_OUTPUT_FORMATS,
    ENGINES,
    MAX_PROMPT_CHARS,
    OUTPUT_FORMATS,
    PROMPT_ENGINES,
    TEST_ENGINES,
)
from common.extraction.schema import MAX_SCHEMA_BYTES, parse_schema
from common.webhooks import ssrf

FILE_FIELD = "file"  # the form's one binary part: the document
FORMAT_ALIASES = {"md": "markdown"}  # accepted wherever a client names an output format


@dataclass(frozen=True)
class StagedUpload:
    """An upload streamed to a local temp file, hashed and measured on the way."""

    path: Path
    size: int
    sha256: str
    head: bytes
    filename: str | None


def _form_field(max_length: int | None = None, **schema: Any) -> Any:
    """A text field of the submit form; ``schema`` describes it in the OpenAPI document.
    ``max_length`` (characters) is checked before the value is parsed at all, so no parser
    ever sees more than a real value needs."""
    openapi = {"type": "string", **schema}
    if max_length is not None:
        openapi["maxLength"] = max_length
    return field(default=None, metadata={"openapi": openapi, "max_length": max_length})


@dataclass(frozen=True)
class SubmitOptions:
    """A submit request's options as sent (text; None where absent): its form fields and
    its Idempotency-Key header."""

    engine: str | None = _form_field(32, enum=list(ENGINES), default="auto")
    output_formats: str | None = _form_field(200, example="markdown,json")
    pages: str | None = _form_field(MAX_SPEC_LENGTH, example="1-3,7")
    webhook_url: str | None = _form_field(2048, format="uri")
    metadata: str | None = _form_field(description="JSON object, at most 4 KB")
    prompt: str | None = _form_field(
        description=f"{' and '.join(PROMPT_ENGINES)} engines: the question asked of each page",
        example="What is the invoice total?",
    )
    schema: str | None = _form_field(
        MAX_SCHEMA_BYTES,
        description="JSON Schema (an object with properties, at most 16 KB) of the values wanted; "
        "the fields output answers it",
    )
    deadline: str | None = _form_field(
        32,
        description="seconds from now by which every page must be converted; "
        "pages still open then fail (default 86400)",
        example="3600",
    )
    idempotency_key: str | None = None  # a header, not a form field

    @classmethod
    def from_form(cls, values: Mapping[str, str], *, idempotency_key: str | None) -> SubmitOptions:
        """The options of a received form; an unknown field is refused, not ignored."""
        unknown = set(values) - set(FORM_FIELDS)
        if unknown:
            raise InvalidInput(f"unknown form field(s): {', '.join(sorted(unknown))}", fields=sorted(unknown))
        for f in fields(cls):
            value, limit = values.get(f.name), f.metadata.get("max_length")
            if value is not None and limit is not None and len(value) > limit:
                raise InvalidInput(f"{f.name}: longer than {limit} characters", field=f.name)
        return cls(**{name: values.get(name) for name in FORM_FIELDS}, idempotency_key=idempotency_key)


FORM_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(SubmitOptions) if "openapi" in f.metadata)


def openapi_form_schema() -> dict[str, Any]:
    """The multipart/form-data schema of the submit request, for the OpenAPI document."""
    properties: dict[str, Any] = {FILE_FIELD: {"type": "string", "format": "binary"}}
    properties.update(
        {f.name: dict(f.metadata["openapi"]) for f in fields(SubmitOptions) if f.name in FORM_FIELDS}
    )
    return {"type": "object", "required": [FILE_FIELD], "properties": properties}


@dataclass(frozen=True)
class SubmitRequest:
    """The form as parsed, one attribute per form field: what the document is created
    from, and what a replay under the same Idempotency-Key must repeat."""

    engine: str
    output_formats: list[str]  # in the client's order, without repeats
    prompt: str | None
    metadata: dict[str, Any]
    webhook_url: str | None
    deadline: int | None  # seconds, as sent; None for the default
    schema: dict[str, Any] | None = None  # the values wanted (common/extraction/schema.py)
    pages: list[int] | None = None  # a selection of the file's pages; None for every page

    def with_selection(self, selection: list[int], page_count: int) -> SubmitRequest:
        """This request once the file's pages are known: ``pages`` is kept only when it
        selects fewer than all of them."""
        return replace(self, pages=selection if len(selection) != page_count else None)

    def deadline_in(self, settings: Settings) -> timedelta:
        """How long from now every page has to be converted (pages still open then fail)."""
        if self.deadline is None:
            return timedelta(seconds=min(settings.quotas.default_deadline, settings.quotas.max_deadline))
        return timedelta(seconds=self.deadline)


def parse(options: SubmitOptions, settings: Settings) -> SubmitRequest:
    """Every form field but ``pages``, which needs the file's page count. Vetting the
    webhook URL may wait on DNS: call this with no transaction open."""
    webhook_url = _parse_webhook_url(options.webhook_url, settings)
    engine = _parse_engine(options.engine, settings)
    schema = parse_schema(options.schema)
    formats = _parse_formats(options.output_formats)
    if schema is not None and "fields" not in formats:
        formats.append("fields")  # where a schema's answer is delivered
    return SubmitRequest(
        engine=engine,
        prompt=_parse_prompt(options.prompt, engine),
        output_formats=formats,
        metadata=_parse_metadata(options.metadata, settings),
        webhook_url=webhook_url,
        deadline=_parse_deadline(options.deadline, settings),
        schema=schema,
    )


def _parse_formats(raw: str | None) -> list[str]:
    if raw is None or not raw.strip():
        return list(DEFAULT_OUTPUT_FORMATS)
    items: list[str] = []
    for part in raw.replace(" ", ",").split(","):
        fmt = part.strip().lower()
        if not fmt:
            continue
        fmt = FORMAT_ALIASES.get(fmt, fmt)
        if fmt not in OUTPUT_FORMATS:
            raise InvalidInput(
                f"output_formats: {fmt!r} is not one of {', '.join(OUTPUT_FORMATS)}", field="output_formats"
            )
        if fmt not in items:
            items.append(fmt)
    if not items:
        raise InvalidInput("output_formats: name at least one format", field="output_formats")
    return items


def _parse_prompt(raw: str | None, engine: str) -> str | None:
    if raw is None or not raw.strip():
        return None
    if engine not in PROMPT_ENGINES:
        raise InvalidInput(
            f"prompt: the {engine} engine takes no prompt (only {', '.join(PROMPT_ENGINES)} do)",
            field="prompt",
        )
    prompt = raw.strip()
    if len(prompt) > MAX_PROMPT_CHARS:
        raise InvalidInput(f"prompt: at most {MAX_PROMPT_CHARS} characters", field="prompt")
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in prompt):
        raise InvalidInput("prompt: control characters are not allowed", field="prompt")
    return prompt


def _parse_engine(raw: str | None, settings: Settings) -> str:
    engine = (raw or settings.engines.default).strip().lower()
    allowed = ENGINES + (TEST_ENGINES if settings.engines.allow_null else ())
    if engine not in allowed:
        raise InvalidInput(f"engine: {engine!r} is not one of {', '.join(allowed)}", field="engine")
    return engine


def _parse_metadata(raw: str | None, settings: Settings) -> dict[str, Any]:
    """The client's metadata: a small JSON object, echoed back and sent with webhooks.

    It must be I-JSON (RFC 7493), which every client and PostgreSQL's jsonb can hold as
    sent: no duplicate keys, no lone surrogates, numbers a double can carry (no NaN,
    Infinity or 1e400; integers within ±(2^53 - 1)). Control characters other than tab
    and newlines are refused too (NUL cannot be stored at all), and so is nesting deeper
    than 16 levels.
    """
    max_depth, max_int = 16, 2**53 - 1
    if raw is None or raw == "":
        return {}
    if len(raw.encode("utf-8", "surrogatepass")) > settings.limits.max_metadata_bytes:
        raise InvalidInput(
            f"metadata: larger than {settings.limits.max_metadata_bytes} bytes", field="metadata"
        )

    def invalid(why: str) -> InvalidInput:
        return InvalidInput(f"metadata: {why}", field="metadata")

    def no_constants(name: str) -> Any:
        raise invalid(f"{name} is not JSON")

    def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        for key, item in pairs:
            if key in obj:
                raise invalid(f"duplicate key {key[:64]!r}")
            obj[key] = item
        return obj

    def check_text(text: str) -> None:
        for ch in text:
            code = ord(ch)
            if code == 0:
                # PostgreSQL text and jsonb cannot hold NUL.
                raise invalid("NUL characters are not allowed")
            if (code < 32 and ch not in "\t\n\r") or 0x7F <= code <= 0x9F:
                raise invalid(f"control characters are not allowed (U+{code:04X})")
            if 0xD800 <= code <= 0xDFFF:
                raise invalid("a string holds a lone surrogate, which is not Unicode text")

    def check(item: Any, depth: int) -> None:
        if depth > max_depth:
            raise invalid(f"nested too deeply (more than {max_depth} levels)")
        if isinstance(item, dict):
            for key, sub in item.items():
                check_text(key)
                check(sub, depth + 1)
        elif isinstance(item, list):
            for sub in item:
                check(sub, depth + 1)
        elif isinstance(item, str):
            check_text(item)
        elif isinstance(item, bool) or item is None:
            pass
        elif isinstance(item, int):
            if abs(item) > max_int:
                raise invalid("an integer is beyond ±(2^53 - 1), which JSON clients cannot hold exactly")
        elif isinstance(item, float) and not math.isfinite(item):
            raise invalid("a number is too large to represent")

    try:
        value = json.loads(raw, parse_constant=no_constants, object_pairs_hook=unique_keys)
    except InvalidInput:
        raise
    except RecursionError as exc:
        raise invalid("nested too deeply") from exc
    except ValueError as exc:  # also int() refusing thousands of digits
        raise invalid(f"not valid JSON ({exc})") from exc
    if not isinstance(value, dict):
        raise invalid("must be a JSON object")
    check(value, 1)
    return value


def _parse_webhook_url(raw: str | None, settings: Settings) -> str | None:
    if raw is None or not raw.strip():
        return None
    url = raw.strip()
    if len(url) > settings.limits.max_webhook_url_length:
        raise InvalidInput("webhook_url: too long", field="webhook_url")
    # Characters, scheme, host and, where it resolves now, every address (SSRF guard);
    # the check is repeated when the webhook is sent.
    ssrf.check_at_submit(url, settings.webhooks)
    return url


def _parse_deadline(raw: str | None, settings: Settings) -> int | None:
    """Seconds from now by which every page must be converted; None for the default."""
    if raw is None or not raw.strip():
        return None
    limit = settings.quotas.max_deadline
    try:
        seconds = int(raw.strip())
    except ValueError:
        raise InvalidInput("deadline: a whole number of seconds", field="deadline") from None
    if not 10 <= seconds <= limit:
        raise InvalidInput(f"deadline: between 10 and {int(limit)} seconds", field="deadline")
    return seconds


def clean_filename(name: str | None) -> str | None:
    """For display only (never part of a storage key): the last path component of any
    platform, NFC, without control or format characters (a right-to-left override, U+202E,
    makes a name read backwards), at most 255 characters with the extension kept. Bytes
    that were not UTF-8 arrive as U+FFFD and stay visible."""
    if not name:
        return None
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    if base in ("", ".", ".."):
        return None
    if len(base) > 255:
        stem, dot, ext = base.rpartition(".")
        if dot and stem and 0 < len(ext) <= 16:
            base = stem[: 254 - len(ext)].rstrip() + "." + ext
        else:
            base = base[:255].rstrip()
    return base
