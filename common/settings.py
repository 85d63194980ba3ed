"""The one configuration object. Nothing else in Pagemill reads os.environ.

Every field can be set as ``PAGEMILL_<GROUP>__<FIELD>`` (e.g. ``PAGEMILL_DATABASE__URL``).
Left unset, the database, broker and object store fall back to the *embedded default*:
SQLite, kombu's filesystem transport and a local directory, all under ``data_dir``, so
one machine with no servers runs the same API and worker code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class DatabaseSettings(BaseModel):
    url: str | None = None  # None: sqlite under data_dir
    pool_size: int = 10
    pre_ping: bool = False
    echo: bool = False


class BrokerSettings(BaseModel):
    url: str | None = None  # None: the embedded filesystem transport under data_dir
    # Longer than the longest task (a model page on CPU can take minutes): Redis
    # redelivers unacked messages after this many seconds.
    visibility_timeout: int = 3600
    prepare_time_limit: int = 900
    convert_time_limit: int = 1800
    finalize_time_limit: int = 600


class StorageSettings(BaseModel):
    url: str | None = None  # "s3://bucket[/prefix]" or "file:///dir"; None: file store under data_dir
    endpoint_url: str | None = None  # MinIO, moto server
    region: str = "us-east-1"
    access_key_id: str | None = None
    secret_access_key: str | None = None
    create_bucket: bool = False  # dev/test convenience; production buckets are provisioned


class LimitsSettings(BaseModel):
    max_upload_bytes: int = 100 * 1024 * 1024
    max_pages: int = 2000
    max_metadata_bytes: int = 4096
    max_image_pixels: int = 200_000_000  # PIL's decompression-bomb guard, set on purpose
    max_webhook_url_length: int = 2048
    list_page_size: int = 50


class EnginesSettings(BaseModel):
    default: str = "auto"
    allow_null: bool = False  # the test engine; never selectable in production unless enabled
    render_dpi: int = 150


class WebhooksSettings(BaseModel):
    allow_http: bool = False
    allowlist: list[str] = Field(default_factory=list)


class ApiSettings(BaseModel):
    public_url: str | None = None  # used for absolute links; None: relative links


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="PAGEMILL_", env_nested_delimiter="__", extra="ignore", case_sensitive=False
    )

    data_dir: Path = Path(".pagemill")
    log_level: str = "INFO"
    log_json: bool = True
    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    broker: BrokerSettings = Field(default_factory=BrokerSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    limits: LimitsSettings = Field(default_factory=LimitsSettings)
    engines: EnginesSettings = Field(default_factory=EnginesSettings)
    webhooks: WebhooksSettings = Field(default_factory=WebhooksSettings)
    api: ApiSettings = Field(default_factory=ApiSettings)

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
        # Our filesystem transport (common/fs_transport.py): kombu's, with atomic hand-over.
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
