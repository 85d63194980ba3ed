"""The one configuration object. Nothing else in Pagemill reads os.environ.

Every field can be set as ``PAGEMILL_<GROUP>__<FIELD>`` (e.g. ``PAGEMILL_DATABASE__URL``).
Left unset, the database, broker and object store fall back to the *embedded default*:
SQLite, kombu's filesystem transport and a local directory, all under ``data_dir``, so
one machine with no servers runs the same API and worker code.
"""

from __future__ import annotations

from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class DatabaseSettings(BaseModel):
    url: str | None = None  # None: sqlite under data_dir
    pool_size: int = 10  # connections each process keeps open (Postgres)
    # Connections beyond pool_size, opened under load and closed when returned; a request
    # that finds them all in use waits pool_timeout seconds, then gets 503 (busy).
    max_overflow: int = Field(default=10, ge=0)
    pool_timeout: float = Field(default=30.0, gt=0)
    # Test each pooled connection before use, so one the server closed is replaced
    # instead of failing a request; costs a round trip per checkout.
    pre_ping: bool = False
    echo: bool = False  # log every SQL statement (debugging)


class BrokerSettings(BaseModel):
    url: str | None = None  # None: the embedded filesystem transport under data_dir
    # Longer than the longest task (a model page on CPU can take minutes): Redis
    # redelivers unacked messages after this many seconds.
    visibility_timeout: int = 3600
    # Hard time limits (seconds) of documents.prepare, pages.convert and
    # documents.finalize: Celery kills a task that runs longer. Prepare gives the pages'
    # rendering 80 % of its limit, and the reaper sends prepare again for a processing
    # document still without pages this long (+ 60 s) after its last change.
    prepare_time_limit: int = 900
    convert_time_limit: int = 1800
    finalize_time_limit: int = 600


class StorageSettings(BaseModel):
    url: str | None = None  # "s3://bucket[/prefix]" or "file:///dir"; None: file store under data_dir
    endpoint_url: str | None = None  # MinIO, moto server
    region: str = "us-east-1"
    # None: boto3's own credential chain (environment, config files, instance role).
    access_key_id: str | None = None
    secret_access_key: str | None = None
    create_bucket: bool = False  # dev/test convenience; production buckets are provisioned
    # An unreachable store must fail a request in seconds (the task retries with backoff),
    # not hang a worker for botocore's default minute per attempt.
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    max_attempts: int = 5  # botocore's retries of one call (standard mode), then the task's


class LimitsSettings(BaseModel):
    max_upload_bytes: int = 100 * 1024 * 1024  # larger uploads are refused (413) while streaming
    max_pages: int = 2000  # pages (PDF) or frames (TIFF, ...) per upload
    max_metadata_bytes: int = 4096  # the client's metadata, as JSON
    max_image_pixels: int = 200_000_000  # PIL's decompression-bomb guard, set on purpose
    # At submit, a PDF's object and cross-reference streams (which pdfium inflates while
    # opening the file) are inflated, together, at most this far; beyond it they are a bomb.
    max_pdf_object_stream_bytes: int = 64 * 1024 * 1024
    # PDFs are opened at submit in helper processes (common/uploads/sandbox.py), this many at
    # once; one that takes longer or needs more address space than this fails its request.
    # A helper serves this many uploads, then a new one takes over (1: one per upload).
    inspect_processes: int = Field(default=2, ge=1)
    inspect_timeout: float = Field(default=20.0, gt=0)
    inspect_memory_mb: int = Field(default=1024, ge=256)
    inspect_calls_per_process: int = Field(default=50, ge=1)
    max_webhook_url_length: int = 2048  # a longer per-document webhook_url is refused (422)
    list_page_size: int = 50  # documents per page of GET /v1/documents without ?limit=


class EnginesSettings(BaseModel):
    default: str = "auto"  # the engine of a request that names none
    allow_null: bool = False  # the test engine; never selectable in production unless enabled
    # Resolution for an engine that wants pixels but names neither a resolution nor a
    # size of its own; the shipped ones all do (OCR 200 DPI, models a longest edge).
    render_dpi: int = 150
    # A document for a model or remote engine is refused (503 engine-unavailable) when no
    # worker consuming that engine's queue was heard from lately (reliability.
    # worker_stale_after). Turn it off where workers scale from zero on queue length.
    require_worker: bool = True
    # Seconds a PDF page may take to draw at prepare; beyond it the page fails alone
    # (render_timeout) and the rest of its document converts (worker/render.py).
    render_timeout: float = Field(default=60.0, gt=0)
    # OCR (rapidocr, auto) runs int8 copies of the bundled models, derived once into
    # ocr_model_dir (None: data_dir/ocr-models) by `pagemill ocr-models` or the first
    # worker; "fp32" runs the bundled models as shipped (worker/engines/ocr_models.py).
    ocr_precision: Literal["int8", "fp32"] = "int8"
    ocr_model_dir: Path | None = None
    # With int8 OCR, a line read with a mean character probability under this is read
    # again by the fp32 recognizer, whose reading is kept: faded or small print, where
    # the int8 model misreads more (worker/engines/ocr_pipeline.py). 0 turns it off.
    ocr_second_reading_below: float = Field(default=0.98, ge=0.0, le=1.0)
    # DocTags models (smoldocling, granite-docling, openai with output doctags) on a page
    # with a real text layer: each text item keeps the model's box and kind but takes the
    # text layer's words inside the box, as docling's force_backend_text does (a small
    # model misreads digits and names; the PDF's text is exact). Code, formulas, tables
    # and boxes with no text-layer words keep the model's text; scans are not affected.
    force_backend_text: bool = True


class EscalationSettings(BaseModel):
    """``auto`` hands a page its CPU engines read poorly to a model engine, only while a
    worker for that engine is live (worker/engines/escalation.py); auto's own result is
    kept for the page should the model's be unusable."""

    enabled: bool = True
    engine: str = "granite-docling"  # an engine with workers of its own (a model or `openai`)
    # An OCR page whose line confidence, weighted by text length, is below this; 0: never.
    # rapidocr reads clean scans at 0.98-1.0; its own orientation check takes 0.9 as reading well.
    min_confidence: float = Field(default=0.9, ge=0.0, le=1.0)
    tables: bool = True  # a table caption with no grid, a sparse grid, or columns left as text
    formulas: bool = True  # a line dense in mathematical symbols

    @field_validator("engine")
    @classmethod
    def _worker_engine(cls, value: str) -> str:
        from common.core import engines

        if value not in engines.WORKER:
            names = ", ".join(engines.WORKER)
            raise ValueError(f"{value!r} is not an engine with workers of its own ({names})")
        return value


class ModelLocation(BaseModel):
    """Where a model engine finds its weights and processor.

    ``path`` (a local directory saved with ``save_pretrained``) wins; otherwise ``hub_id``
    is loaded through the Hugging Face cache, which works only where the hub (or a
    pre-filled cache) is reachable.
    """

    path: Path | None = None
    hub_id: str
    revision: str | None = None  # a branch, tag or commit of hub_id; None: the default branch

    def describe(self) -> str:
        return str(self.path) if self.path else f"hub:{self.hub_id}"


# One class per model so that setting only PATH from the environment keeps the hub id.
class _SmolDocling(ModelLocation):
    hub_id: str = "docling-project/SmolDocling-256M-preview"


class _GraniteDocling(ModelLocation):
    hub_id: str = "ibm-granite/granite-docling-258M"


class _LightOnOcr(ModelLocation):
    hub_id: str = "lightonai/LightOnOCR-2-1B"


class _SmolVlm(ModelLocation):
    hub_id: str = "HuggingFaceTB/SmolVLM-256M-Instruct"


class ModelsSettings(BaseModel):
    # PAGEMILL_MODELS__SMOLDOCLING__PATH=/models/smoldocling, and so on.
    smoldocling: _SmolDocling = Field(default_factory=_SmolDocling)
    granite_docling: _GraniteDocling = Field(default_factory=_GraniteDocling)
    lightonocr: _LightOnOcr = Field(default_factory=_LightOnOcr)
    smolvlm: _SmolVlm = Field(default_factory=_SmolVlm)


class GpuSettings(BaseModel):
    """Model engines: device, batching and generation limits."""

    # Set by `pagemill worker --engine NAME`: the engine whose model this worker loads at
    # start-up (so a broken model stops the worker instead of failing pages).
    preload: str | None = None
    device: str = "auto"  # "auto": cuda when available, else cpu
    dtype: str = "auto"  # "auto": bfloat16 on cuda, float32 on cpu; or bfloat16 / float16 / float32
    attn_implementation: str = "sdpa"  # passed to transformers' from_pretrained
    # The batcher: pages in flight on one worker are grouped into one generate call of at
    # most max_batch pages, waiting at most max_wait_ms for a batch to fill.
    max_batch: int = 32
    max_wait_ms: int = 25
    # New tokens per page. None: each engine's own budget (8192 for smoldocling and
    # granite-docling, 4096 for the others); always capped at the model's positions less
    # the prompt. The repetition guard usually stops a loop much earlier.
    max_new_tokens: int | None = None
    # Benchmarks only: force at least this many new tokens per page (random-weight models
    # would otherwise stop at an arbitrary point). None in production.
    min_new_tokens: int | None = None
    # Repetition guard (worker/engines/vlm/guard.py): a page whose last tokens are one
    # period repeated is stopped and keeps what came before the loop. A period of up to
    # `repeat_max_ngram` tokens must fill `repeat_window` tokens; a longer one (a wide table
    # row) must repeat `repeat_min_repeats` times; repeats with no letter or digit (a blank
    # form's empty cells) count only after 64. DocTags engines also stop a DocTags element
    # or table row repeated 8 times, location tags aside. repeat_window 0 turns it off
    # (benchmarks that force a token count).
    repeat_window: int = 120
    repeat_max_ngram: int = 30
    repeat_min_repeats: int = 4
    # LightOnOCR samples (0: greedy decoding); its page image is scaled to this longest
    # edge in pixels. SmolDocling, granite-docling and SmolVLM get docling_longest_edge.
    lightonocr_temperature: float = 0.2
    lightonocr_top_p: float = 0.9
    lightonocr_longest_edge: int = 1540
    docling_longest_edge: int = 2048
    # Model output that is empty, loops or fails after its retries: the page is read by
    # the CPU engine ("auto") instead and marked as such. False: the page fails.
    fallback: bool = True


class OpenAISettings(BaseModel):
    """The ``openai`` engine: any OpenAI-compatible chat-completions server (e.g. vLLM)."""

    base_url: str | None = None  # e.g. http://vllm:8000/v1
    model: str = "lightonai/LightOnOCR-2-1B"
    api_key: SecretStr | None = None
    output: Literal["markdown", "doctags"] = "markdown"  # what the served model writes
    # The defaults below follow the output: DocTags models (granite-docling) get their
    # instruction and greedy decoding, Markdown (LightOnOCR) the image alone, sampled as its
    # model card says. None: that default.
    prompt: str | None = None  # doctags: "Convert this page to docling."; markdown: none
    longest_edge: int = 1540  # pixels, of the page image sent
    max_tokens: int = 4096  # per page; output cut there carries a warning
    temperature: float | None = None  # doctags: 0 (greedy); markdown: 0.2
    top_p: float | None = None  # markdown: 0.9; not sent when decoding is greedy
    timeout: float = 120.0  # seconds per request
    max_retries: int = 3  # on connection errors, timeouts, 408/409/429/5xx
    max_in_flight: int = 64  # requests open at once per worker process


def _split_list(value: Any) -> Any:
    """Lists from the environment: JSON (``[1, 2]``) or comma-separated (``1,2``)."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            import json

            return json.loads(text)
        return [part.strip() for part in text.split(",") if part.strip()]
    return value


def _networks(value: list[str]) -> list[str]:
    for item in value:
        ip_network(item, strict=False)  # a clear error at start, not a silent mismatch
    return value


# A list of addresses or CIDR networks, from JSON or commas, each checked.
Networks = Annotated[list[str], NoDecode, BeforeValidator(_split_list), AfterValidator(_networks)]


# The Standard Webhooks schedule: the first attempt at once, then these delays (seconds)
# after each failure; an event that fails them all is given up on (about 3 days 8 h).
STANDARD_RETRY_SCHEDULE = [0.0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]


class WebhooksSettings(BaseModel):
    # Plain http only for development: a webhook carries document data and a signature.
    allow_http: bool = False
    # Addresses that are refused by default (loopback, private, link-local…) but allowed
    # here, as CIDR networks, e.g. an in-cluster receiver.
    allowlist: Networks = Field(default_factory=list)
    timeout: float = 15.0  # seconds for one attempt in all: connect, send, read the response
    retry_schedule: Annotated[list[float], NoDecode] = Field(
        default_factory=lambda: list(STANDARD_RETRY_SCHEDULE)
    )
    jitter: float = 0.2  # each delay is scaled by a random factor in [1 - jitter, 1 + jitter]
    max_retry_after: float = 86400.0  # a receiver's Retry-After is honoured up to this
    # Retries due sooner than this are sent to the broker with an ETA; later ones are
    # left to the sweep (a broker holding day-long ETAs would redeliver them early).
    eta_max: float = 60.0
    sweep_interval: float = 5.0  # Celery beat: how often the outbox is swept
    # The sweep re-dispatches an event whose dispatch was due this long ago and that no
    # worker has taken (its process died between commit and enqueue, or the message
    # was lost); short enough to recover fast, long enough not to race a busy queue.
    redispatch_after: float = 60.0
    sweep_batch: int = 500  # events one sweep takes up, at most
    secret_overlap: float = 86400.0  # after a rotation the old secret still signs this long
    presign_results: bool = False  # add presigned S3 URLs of the outputs to each event
    presign_ttl: int = 3600  # seconds the presigned URLs stay valid
    max_response_bytes: int = 2048  # of each receiver response, kept for the delivery log
    # An event body larger than this is sent without the client's metadata
    # (metadata_truncated: true).
    max_payload_bytes: int = 20 * 1024

    @field_validator("retry_schedule", mode="before")
    @classmethod
    def _lists(cls, value: Any) -> Any:
        return _split_list(value)

    @field_validator("retry_schedule")
    @classmethod
    def _schedule(cls, value: list[float]) -> list[float]:
        if not value or any(v < 0 for v in value):
            raise ValueError("retry_schedule: one or more delays in seconds, none negative")
        return value

    @property
    def allowed_networks(self) -> list[IPv4Network | IPv6Network]:
        return [ip_network(item, strict=False) for item in self.allowlist]


class RetentionSettings(BaseModel):
    # Finished documents older than this many days are deleted as a client's DELETE
    # would: metadata forgotten at once, every stored object purged, 404 from then on.
    # None keeps them until the client deletes them.
    days: float | None = Field(default=None, gt=0)


class ReliabilitySettings(BaseModel):
    """Page leases, the reaper (Celery beat) and graceful shutdown."""

    # A running page holds a lease that its worker renews every `lease_renew` seconds; a
    # page whose lease expired (worker killed, machine lost) is put back by the reaper.
    page_lease: float = 60.0
    lease_renew: float = 15.0
    # Each worker's main process records the queues it consumes this often (the workers
    # table); one not heard from for worker_stale_after seconds no longer counts.
    worker_heartbeat: float = Field(default=15.0, gt=0)
    worker_stale_after: float = Field(default=60.0, gt=0)
    # Attempts per page (crashes and timeouts count); then it fails with its last error.
    page_max_attempts: int = 3
    reap_interval: float = 15.0  # Celery beat: seconds between two runs of the reaper
    reap_batch: int = 500  # rows each of the reaper's steps takes up per run, at most
    # Queued work nobody took for this long is dispatched again: its message may have
    # been lost (a broker restarted without persistence, a dispatch during an outage).
    # Duplicates are harmless: every claim is guarded. Also how long after it closed a
    # cancelled or failed page's untaken message keeps its place in the tenant's window.
    redispatch_after: float = 300.0
    # SIGTERM: running pages get this long to finish, then the rest is handed back.
    shutdown_grace: float = 60.0
    # The broker holds at most this many pages of one tenant per engine queue (sent and
    # not finished); the rest wait in Postgres and are sent as these finish. Bounds the
    # queue whatever the backlog, so a tenant's flood delays another tenant's pages by
    # at most this many of its pages, and cancelled or deleted work never reaches the
    # broker. A GPU worker batches only pages it has been sent: keep it at least the
    # model's batch size times the workers serving the queue.
    dispatch_window: int = Field(default=32, ge=1)
    # The same for documents: at most this many of one tenant's documents are being
    # prepared or have their prepare on the broker; the rest wait in Postgres. A flood
    # of small documents then delays another tenant's document by a few prepares.
    prepare_window: int = Field(default=4, ge=1)
    # While a tenant has fewer than this many pages in flight on a queue, its next pages
    # are sent ahead of the bulk of pages (on Redis): a small document waits for the
    # pages running, not behind other tenants' windows. 0: no page goes ahead.
    pages_ahead: int = Field(default=2, ge=0)
    # A worker that finishes a page runs its tenant's next waiting page itself (claimed in
    # the finishing transaction, no message), for at most chain_pages pages: on fast pages
    # a message and a transaction saved per page. Every chain_seconds it asks whether
    # another tenant's page or prepare waits on the broker, and goes back to the broker if
    # so: a document of another tenant waits chain_seconds plus one page longer at most
    # for each of its steps. 0: every page has its own message.
    chain_seconds: float = Field(default=0.25, ge=0)
    chain_pages: int = Field(default=32, ge=0)
    # A chain step takes as many pages as fit in chain_group_seconds at the pace of the
    # slowest page it just finished, at most chain_group, and finishes them together: on
    # fast pages (the text layer, the null engine) one transaction for a group, not one a
    # page; pages slower than that are taken one for one. The group runs beyond the
    # tenant's window (running pages count as in flight; the chain's end recounts it), so
    # a tenant holds at most chain_group - 1 pages more per worker. A group whose pages
    # turn out slower stops once they have taken chain_group_seconds: what ran is
    # recorded and the rest goes back to the backlog. 1: every page on its own.
    chain_group: int = Field(default=8, ge=1)
    chain_group_seconds: float = Field(default=0.05, ge=0)
    # A prepare splitting a document, and a finalize building its outputs, hold the
    # document under a lease their worker renews every lease_renew seconds: a duplicate
    # message finds it held and does nothing, and a step whose worker died is taken up
    # again (the reaper sends it) once it expires.
    step_lease: float = Field(default=60.0, gt=0)


class QuotaSettings(BaseModel):
    """Per-tenant limits: requests (token bucket) and pages in flight."""

    rate_per_second: float = 20.0  # 0 disables the request limit
    burst: int = 100  # requests a tenant may make at once before the rate applies
    max_inflight_pages: int = 20_000  # pages of a tenant's unfinished documents; 0 disables
    # Every document has a deadline; pages not finished by then fail (deadline_exceeded).
    default_deadline: float = 86_400.0
    max_deadline: float = 7 * 86_400.0


class MetricsSettings(BaseModel):
    """Health and Prometheus metrics (docs/operations.md)."""

    # Each worker serves /livez, /readyz and /metrics here (from its main process);
    # 0 disables it. One worker per host or container: a second one on the same port
    # logs a warning and runs without it.
    worker_port: int = 9101
    # None: loopback in the embedded mode, every interface otherwise (to be scraped).
    worker_host: str | None = None
    # Each backend a check or a scrape reads (database, broker, storage) gets this long;
    # a slower one counts as down rather than holding the probe or the scrape.
    check_timeout: float = 3.0


class HttpSettings(BaseModel):
    """The API's edge: limits enforced before any work, most of them before authentication."""

    # A JSON request body (every route but the upload) larger than this is refused (413)
    # before it is parsed; the upload has limits.max_upload_bytes.
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    # Request line and headers together, and how many header lines: beyond either the
    # connection gets 431 and is closed, before the request reaches the application.
    max_header_bytes: int = Field(default=32 * 1024, ge=1024)
    max_headers: int = Field(default=100, ge=8)
    # A client gets this long to send its request line and headers, then 408 and closed.
    header_timeout: float = Field(default=10.0, gt=0)
    # An upload must average at least this many bytes a second once a grace of
    # upload_min_rate_grace seconds has passed, and end within upload_deadline: 408.
    upload_min_rate: int = Field(default=1024, ge=0)
    upload_min_rate_grace: float = Field(default=10.0, ge=0)
    upload_deadline: float = Field(default=600.0, gt=0)
    # Connections and requests in progress one API process accepts; beyond it, 503.
    max_connections: int = Field(default=1000, ge=1)
    # Seconds an idle keep-alive connection stays open.
    keep_alive_timeout: float = Field(default=5.0, gt=0)
    # Requests one keep-alive connection serves; the last is answered with Connection:
    # close and the client reconnects. Several API processes share one listening socket,
    # and the kernel hands a burst of new connections mostly to whichever accepts first:
    # reconnecting now and then lets the less busy process take them. 0: no limit.
    keep_alive_requests: int = Field(default=100, ge=0)
    # /metrics on the public port: "public" (no key: it shows no tenant data), "key" (a
    # valid API key required) or "off" (404; scrape the workers' health port instead).
    metrics: Literal["public", "key", "off"] = "public"
    # Addresses (or CIDR networks) of reverse proxies whose X-Forwarded-For and
    # X-Forwarded-Proto are believed: the client's address (rate limits, the audit trail's
    # "first use from a new address") is then the one the proxy saw. Only the proxy's own
    # address: a client that can reach the API around it could otherwise claim any address.
    trusted_proxies: Networks = Field(default_factory=lambda: ["127.0.0.1", "::1"])


class SecretsSettings(BaseModel):
    # Master keys that wrap secrets at rest (common/core/secrets.py): "id:base64 of 32
    # bytes", comma-separated, the first one wrapping new values and the rest only
    # decrypting (a rotation). Outside the embedded mode one of these two is required.
    master_key: str | None = Field(default=None, repr=False)
    # A file with the same entries, one a line (e.g. written by a KMS agent or mounted
    # from a secret store); its keys come after master_key's.
    master_key_file: Path | None = None


class ApiSettings(BaseModel):
    public_url: str | None = None  # used for absolute links; None: relative links
    # Each API process trusts an API key the database found live for this many seconds
    # (common/tenants/keycache.py): a key revoked from the CLI is refused by every API
    # process within it. 0: every request looks its key up.
    key_cache_ttl: float = Field(default=5.0, ge=0)
    # Status and list polls by a key in that cache are answered by api/polling.py
    # beside FastAPI's routing, with the same bytes, at about half the CPU. False: every
    # request goes through the routes (to compare, or to rule the shortcut out).
    polling_fast_path: bool = True
    # Threads of each API process that run those reads (at most database.pool_size).
    # The reads are mostly CPU under the GIL: with 4, a status poll's p90 was about a
    # quarter lower than with 10, at the same throughput (bench/results/polling.md).
    polling_threads: int = Field(default=4, ge=1)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PAGEMILL_", env_nested_delimiter="__", extra="ignore", case_sensitive=False
    )

    # The embedded mode's state: pagemill.db, objects/, broker/, and the OCR models and
    # beat's schedule file by default (also with servers).
    data_dir: Path = Path(".pagemill")
    log_level: str = "INFO"
    log_json: bool = True  # JSON lines with bound ids; False: plain text for a terminal
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    broker: BrokerSettings = Field(default_factory=BrokerSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    limits: LimitsSettings = Field(default_factory=LimitsSettings)
    engines: EnginesSettings = Field(default_factory=EnginesSettings)
    escalation: EscalationSettings = Field(default_factory=EscalationSettings)
    webhooks: WebhooksSettings = Field(default_factory=WebhooksSettings)
    api: ApiSettings = Field(default_factory=ApiSettings)
    http: HttpSettings = Field(default_factory=HttpSettings)
    models: ModelsSettings = Field(default_factory=ModelsSettings)
    gpu: GpuSettings = Field(default_factory=GpuSettings)
    openai: OpenAISettings = Field(default_factory=OpenAISettings)
    metrics: MetricsSettings = Field(default_factory=MetricsSettings)
    reliability: ReliabilitySettings = Field(default_factory=ReliabilitySettings)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)
    quotas: QuotaSettings = Field(default_factory=QuotaSettings)
    secrets: SecretsSettings = Field(default_factory=SecretsSettings)

    @property
    def embedded(self) -> bool:
        """True when any backing service falls back to the single-machine default."""
        return self.database.url is None or self.broker.url is None or self.storage.url is None

    @property
    def database_url(self) -> str:
        if self.database.url:
            return self.database.url
        return f"sqlite:///{self.data_dir.resolve() / 'pagemill.db'}"

    @property
    def broker_url(self) -> str:
        # Our filesystem transport (common/core/fs_transport.py): kombu's, with atomic hand-over.
        return self.broker.url or "pagemill-fs://"

    @property
    def broker_transport_options(self) -> dict[str, Any]:
        if self.broker.url:
            return {"visibility_timeout": self.broker.visibility_timeout}
        folder = self.data_dir.resolve() / "broker"
        # One folder for in and out: producers and consumers are separate processes.
        return {
            "data_folder_in": str(folder / "queue"),
            "data_folder_out": str(folder / "queue"),
            "control_folder": str(folder / "control"),
            "polling_interval": 0.05,
        }

    @property
    def storage_url(self) -> str:
        return self.storage.url or (self.data_dir.resolve() / "objects").as_uri()

    def ensure_dirs(self) -> None:
        """Create the embedded mode's folders (no-op for the parts backed by servers)."""
        if not self.embedded:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if not self.broker.url:
            for key in ("data_folder_in", "control_folder"):
                Path(self.broker_transport_options[key]).mkdir(parents=True, exist_ok=True)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
