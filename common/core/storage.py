"""Object storage: S3 (boto3; MinIO and moto's server via endpoint_url) or a local directory.

Key layout (DESIGN.md): ``tenants/{t}/documents/{d}/source``, ``.../pages/{n}.png``,
``.../pages/{n}.text.json``, ``.../results/{n}.json``, ``.../output.{md,json,txt,doctags}``.
Keys never contain anything the client chose.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

import boto3
from boto3.exceptions import RetriesExceededError, S3UploadFailedError
from botocore.config import Config
from botocore.exceptions import ClientError

from common.core.errors import ServiceUnavailable
from common.core.settings import Settings

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client


class ObjectNotFound(Exception):
    pass


@dataclass(frozen=True)
class Stream:
    """An object being read: its size in bytes (for Content-Length) and its bytes."""

    size: int
    chunks: Iterator[bytes]


class StorageUnavailable(ServiceUnavailable):
    """The object store failed in a way that passes (throttling, a 5xx, its retries
    spent): the API answers 503 with Retry-After, and a worker task retries with backoff
    instead of failing an accepted document."""


# S3 error codes that mean "not now" rather than "never" (botocore has already retried
# them max_attempts times when they reach us).
_PASSING = frozenset(
    {"SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "InternalError", "ServiceUnavailable"}
)


@contextmanager
def _s3(what: str, key: str | None = None) -> Iterator[None]:
    """Translate S3's errors: a missing key is ObjectNotFound (when ``key`` is given), a
    passing failure StorageUnavailable; anything else (access denied, no such bucket) is
    a configuration error and stays as it is."""
    try:
        yield
    except ClientError as exc:
        code = str(exc.response.get("Error", {}).get("Code", ""))
        if key is not None and code in ("NoSuchKey", "404"):
            raise ObjectNotFound(key) from exc
        if _passes(exc):
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            raise StorageUnavailable(f"the object store could not {what} ({code or status})") from exc
        raise
    except (S3UploadFailedError, RetriesExceededError) as exc:
        # boto3's transfer manager wraps the ClientError (a refusal such as AccessDenied
        # stays a configuration error), or gives up after its retries.
        cause = exc.__context__
        if isinstance(cause, ClientError) and not _passes(cause):
            raise
        raise StorageUnavailable(f"the object store could not {what} ({exc})") from exc


def _passes(exc: ClientError) -> bool:
    code = str(exc.response.get("Error", {}).get("Code", ""))
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
    return code in _PASSING or (isinstance(status, int) and status >= 500)


def document_prefix(tenant_id: uuid.UUID, document_id: uuid.UUID) -> str:
    return f"tenants/{tenant_id}/documents/{document_id}/"


def source_key(tenant_id: uuid.UUID, document_id: uuid.UUID) -> str:
    return document_prefix(tenant_id, document_id) + "source"


def page_image_key(tenant_id: uuid.UUID, document_id: uuid.UUID, page_no: int) -> str:
    return document_prefix(tenant_id, document_id) + f"pages/{page_no}.png"


def page_text_key(tenant_id: uuid.UUID, document_id: uuid.UUID, page_no: int) -> str:
    return document_prefix(tenant_id, document_id) + f"pages/{page_no}.text.json"


def page_result_key(tenant_id: uuid.UUID, document_id: uuid.UUID, page_no: int) -> str:
    return document_prefix(tenant_id, document_id) + f"results/{page_no}.json"


OUTPUT_EXTENSIONS = {
    "markdown": "md",
    "json": "json",
    "text": "txt",
    "doctags": "doctags",
    "html": "html",
    "fields": "fields.json",
    "tables": "tables.json",
    "xlsx": "xlsx",
}


def output_key(tenant_id: uuid.UUID, document_id: uuid.UUID, fmt: str) -> str:
    return document_prefix(tenant_id, document_id) + f"output.{OUTPUT_EXTENSIONS[fmt]}"


class ObjectStore(ABC):
    @abstractmethod
    def put_bytes(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None: ...

    @abstractmethod
    def put_file(self, key: str, path: Path, content_type: str = "application/octet-stream") -> None: ...

    @abstractmethod
    def get_bytes(self, key: str) -> bytes: ...

    @abstractmethod
    def download(self, key: str, path: Path) -> None: ...

    @abstractmethod
    def iter_chunks(self, key: str, chunk_size: int = 1024 * 1024) -> Stream:
        """Stream an object; raises ObjectNotFound before the first chunk if it is missing."""

    @abstractmethod
    def delete_prefix(self, prefix: str) -> int: ...

    @abstractmethod
    def list_keys(self, prefix: str) -> list[str]: ...

    @abstractmethod
    def delete(self, key: str) -> None: ...

    @abstractmethod
    def check(self) -> None:
        """Raise if the store is unreachable (readiness)."""

    def presigned_url(self, key: str, ttl: int) -> str | None:
        """A time-limited GET URL for the object, where the store can make one."""
        return None


class S3Store(ObjectStore):
    def __init__(self, settings: Settings, bucket: str, prefix: str = "") -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client: S3Client = boto3.client(
            "s3",
            endpoint_url=settings.storage.endpoint_url,
            region_name=settings.storage.region,
            aws_access_key_id=settings.storage.access_key_id,
            aws_secret_access_key=settings.storage.secret_access_key,
            config=Config(
                retries={"max_attempts": settings.storage.max_attempts, "mode": "standard"},
                s3={"addressing_style": "path"},
                max_pool_connections=32,
                connect_timeout=settings.storage.connect_timeout,
                read_timeout=settings.storage.read_timeout,
            ),
        )
        if settings.storage.create_bucket:
            try:
                self.client.head_bucket(Bucket=bucket)
            except ClientError:
                self.client.create_bucket(Bucket=bucket)

    def _k(self, key: str) -> str:
        return self.prefix + key

    def presigned_url(self, key: str, ttl: int) -> str | None:
        return self.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": self._k(key)}, ExpiresIn=ttl
        )

    def put_bytes(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        with _s3("store an object"):
            self.client.put_object(Bucket=self.bucket, Key=self._k(key), Body=data, ContentType=content_type)

    def put_file(self, key: str, path: Path, content_type: str = "application/octet-stream") -> None:
        # upload_file switches to multipart for large files, so a 100 MB upload is streamed.
        with _s3("store an object"):
            self.client.upload_file(
                str(path), self.bucket, self._k(key), ExtraArgs={"ContentType": content_type}
            )

    def get_bytes(self, key: str) -> bytes:
        with _s3("read an object", key):
            return self.client.get_object(Bucket=self.bucket, Key=self._k(key))["Body"].read()

    def download(self, key: str, path: Path) -> None:
        with _s3("read an object", key):
            self.client.download_file(self.bucket, self._k(key), str(path))

    def iter_chunks(self, key: str, chunk_size: int = 1024 * 1024) -> Stream:
        with _s3("read an object", key):
            got = self.client.get_object(Bucket=self.bucket, Key=self._k(key))
        body = got["Body"]

        def gen() -> Iterator[bytes]:
            try:
                yield from body.iter_chunks(chunk_size)
            finally:
                body.close()

        return Stream(size=int(got["ContentLength"]), chunks=gen())

    def list_keys(self, prefix: str) -> list[str]:
        keys: list[str] = []
        paginator = self.client.get_paginator("list_objects_v2")
        with _s3("list objects"):
            for page in paginator.paginate(Bucket=self.bucket, Prefix=self._k(prefix)):
                keys += [o["Key"][len(self.prefix) :] for o in page.get("Contents", [])]
        return keys

    def delete_prefix(self, prefix: str) -> int:
        keys = self.list_keys(prefix)
        for i in range(0, len(keys), 1000):
            chunk = keys[i : i + 1000]
            with _s3("delete objects"):
                resp = self.client.delete_objects(
                    Bucket=self.bucket,
                    Delete={"Objects": [{"Key": self._k(k)} for k in chunk], "Quiet": True},
                )
            # Quiet mode lists only the keys it failed to delete; the call itself succeeds.
            # A purge that left objects behind must not count as done.
            if failed := resp.get("Errors"):
                codes = sorted({str(e.get("Code")) for e in failed})
                raise StorageUnavailable(
                    f"the object store could not delete {len(failed)} objects ({', '.join(codes)})"
                )
        return len(keys)

    def delete(self, key: str) -> None:
        with _s3("delete an object"):
            self.client.delete_object(Bucket=self.bucket, Key=self._k(key))

    def check(self) -> None:
        self.client.head_bucket(Bucket=self.bucket)


class FileStore(ObjectStore):
    """A directory as object store (embedded mode). Writes are atomic renames."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self._root = str(self.root)
        self._prefix = os.path.join(self._root, "")

    def _path(self, key: str) -> Path:
        # Keys are ours, but never trust a path join: "..", or an absolute key, must not
        # leave the root. Checked on the normalised text, with no system call (resolve()
        # walked every component with lstat, ten a write): the store makes no symlinks.
        path = os.path.normpath(os.path.join(self._root, key))
        if not path.startswith(self._prefix) and path != self._root:
            raise ValueError(f"key escapes the store: {key!r}")
        return Path(path)

    def _atomic_write(self, key: str, write: Any) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                write(fh)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def put_bytes(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        self._atomic_write(key, lambda fh: fh.write(data))

    def put_file(self, key: str, path: Path, content_type: str = "application/octet-stream") -> None:
        def copy(fh: IO[bytes]) -> None:
            with path.open("rb") as src:
                shutil.copyfileobj(src, fh, 1024 * 1024)

        self._atomic_write(key, copy)

    def get_bytes(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as exc:
            raise ObjectNotFound(key) from exc

    def download(self, key: str, path: Path) -> None:
        try:
            shutil.copyfile(self._path(key), path)
        except FileNotFoundError as exc:
            raise ObjectNotFound(key) from exc

    def iter_chunks(self, key: str, chunk_size: int = 1024 * 1024) -> Stream:
        try:
            fh = self._path(key).open("rb")
        except FileNotFoundError as exc:
            raise ObjectNotFound(key) from exc

        def gen() -> Iterator[bytes]:
            with fh:
                while chunk := fh.read(chunk_size):
                    yield chunk

        return Stream(size=os.fstat(fh.fileno()).st_size, chunks=gen())

    def list_keys(self, prefix: str) -> list[str]:
        base = self._path(prefix) if prefix else self.root
        if not base.exists():
            return []
        return sorted(
            str(p.relative_to(self.root))
            for p in base.rglob("*")
            if p.is_file() and not p.name.startswith(".tmp-")
        )

    def delete_prefix(self, prefix: str) -> int:
        keys = self.list_keys(prefix)
        base = self._path(prefix)
        if base.exists():
            shutil.rmtree(base, ignore_errors=True)
        return len(keys)

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def check(self) -> None:
        if not self.root.is_dir():
            raise RuntimeError(f"object store directory {self.root} is missing")


def make_store(settings: Settings) -> ObjectStore:
    url = urlparse(settings.storage_url)
    if url.scheme == "file":
        return FileStore(Path(unquote(url.path)))
    if url.scheme == "s3":
        return S3Store(settings, bucket=url.netloc, prefix=url.path)
    raise ValueError(f"unsupported storage url {settings.storage_url!r}: use s3://bucket or file:///dir")


_store: ObjectStore | None = None


def get_store() -> ObjectStore:
    global _store
    if _store is None:
        from common.core.settings import get_settings

        _store = make_store(get_settings())
    return _store


def reset_store() -> None:
    global _store
    _store = None
