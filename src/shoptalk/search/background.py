"""A thread that encodes an index's waiting texts while its process serves searches.

It sleeps until there is something to encode (woken after a rebuild, or every `RETRY_S` to
pick up where another process holding the encoding left off), encodes, and sleeps again. A
failed batch is logged and tried again later: serving goes on by words meanwhile. When the
process ends it is stopped between two batches, so what it stored stays usable.
"""

import atexit
import logging
import threading
from collections.abc import Callable

from shoptalk.search.semantic import EncodingStopped

log = logging.getLogger(__name__)

RETRY_S = 30.0
STOP_WAIT_S = 10.0


class BackgroundEncoder:
    """Runs `work(stop)` whenever `needed()` says texts are waiting."""

    def __init__(self, work: Callable[[threading.Event], object], needed: Callable[[], bool]):
        self._work, self._needed = work, needed
        self._stop, self._wake = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, name="search-vectors", daemon=True)

    def start(self) -> None:
        atexit.register(self.stop)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = STOP_WAIT_S) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)
        atexit.unregister(self.stop)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.is_set():
            if self._needed():
                try:
                    self._work(self._stop)
                except EncodingStopped:
                    return
                except Exception:
                    log.exception("encoding search vectors failed; trying again in %.0f s", RETRY_S)
            self._wake.wait(RETRY_S)
            self._wake.clear()
