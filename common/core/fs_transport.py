"""kombu's filesystem transport with atomic hand-over, for the embedded mode.

kombu's own ``_put`` creates ``<ts>_<uuid>.<queue>.msg`` and then writes into it, so a
consumer polling the folder can claim a half-written (even empty) message; and its
``_get`` moves the file to the system temp dir, which is a copy when that is another
filesystem, so two consumers can both deliver it. Here a message is written under a
hidden name and renamed into place, and a consumer claims it by an atomic rename inside
the same folder: exactly one consumer wins, and it always reads a whole message.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from queue import Empty
from time import monotonic
from typing import Any

from kombu.transport import TRANSPORT_ALIASES, filesystem
from kombu.utils.json import dumps, loads

SCHEME = "pagemill-fs"


class Channel(filesystem.Channel):
    def _put(self, queue: Any, message: Any, **kwargs: Any) -> None:  # type: ignore[override]  # kombu's own bases disagree
        folder = Path(self.data_folder_out)
        name = f"{round(monotonic() * 1000):015d}_{uuid.uuid4()}.{queue}.msg"
        tmp = folder / f".put-{uuid.uuid4()}"
        tmp.write_bytes(dumps(message).encode())
        os.replace(tmp, folder / name)

    def _get(self, queue: Any, timeout: Any = None) -> Any:
        folder = Path(self.data_folder_in)
        suffix = f".{queue}.msg"
        for name in sorted(os.listdir(folder)):
            if not name.endswith(suffix) or name.startswith("."):
                continue
            claimed = folder / f".claimed-{uuid.uuid4()}"
            try:
                os.rename(folder / name, claimed)  # atomic: one consumer wins, others move on
            except FileNotFoundError:
                continue
            try:
                return loads(claimed.read_bytes().decode())
            finally:
                claimed.unlink(missing_ok=True)
        raise Empty()

    def _size(self, queue: str) -> int:
        suffix = f".{queue}.msg"
        return sum(1 for n in os.listdir(self.data_folder_in) if n.endswith(suffix) and not n.startswith("."))

    def _purge(self, queue: str) -> int:
        count = 0
        while True:
            try:
                self._get(queue)
                count += 1
            except Empty:
                return count


class Transport(filesystem.Transport):
    Channel = Channel


TRANSPORT_ALIASES[SCHEME] = f"{__name__}:Transport"
