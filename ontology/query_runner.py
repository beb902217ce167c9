"""Running queries on a store folder, with a time limit that really stops them.

Oxigraph cannot interrupt a query, so a query with a time limit runs in a worker process that
holds the store open read-only; a query past its limit is stopped by ending that process, and a new
worker takes its place. :class:`QueryPool` keeps a few workers for ``ccg serve``;
:func:`query_store` runs one query for ``ccg query``, in this process when there is no limit.

Workers also arm ``SIGALRM`` (on POSIX) for every query with a limit, so a worker whose parent died
cannot run on.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from ontology.errors import (
    CcgError,
    NotAcceptable,
    QueryError,
    QueryRefused,
    QueryTimeout,
    StoreError,
    not_a_store,
    query_timed_out,
    worker_died,
    worker_not_ready,
    workers_busy,
)
from ontology.sparql_exec import Answer, QueryRequest, execute

#: Seconds a worker may run past its limit before the kernel ends it (its parent normally ends it first).
ALARM_GRACE = 2
_ERRORS: dict[str, type[CcgError]] = {
    cls.__name__: cls for cls in (CcgError, QueryError, QueryRefused, QueryTimeout, NotAcceptable, StoreError)
}


def open_read_only(folder: Path | str) -> ox.Store:
    """Open an existing store folder read-only; raise :class:`StoreError` when it is not one."""
    path = Path(folder)
    if not path.is_dir():
        raise not_a_store(path, "no such folder; run 'ccg build' first")
    try:
        return ox.Store.read_only(str(path))
    except OSError as error:
        raise not_a_store(path, str(error).splitlines()[0]) from error


def _worker_main(folder: str, connection: Connection) -> None:
    """The loop of a worker process: open the store, then answer requests until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the server, which ends its workers
    try:
        store = open_read_only(folder)
    except CcgError as error:
        connection.send(("error", type(error).__name__, str(error)))
        return
    connection.send(("ready", "", ""))
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        request, limit = message
        if limit is not None and hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_REAL, limit + ALARM_GRACE)
        try:
            reply: tuple = ("answer", execute(store, request), "")
        except CcgError as error:
            reply = ("error", type(error).__name__, str(error))
        finally:
            if limit is not None and hasattr(signal, "setitimer"):
                signal.setitimer(signal.ITIMER_REAL, 0)
        connection.send(reply)


class QueryWorker:
    """One worker process with the store open read-only.

    The worker is a fresh interpreter (``python -m ontology.query_runner FD``) that talks over a
    socket pair, so it never re-imports the caller's main module, and a parent with threads (a
    server) never forks.
    """

    def __init__(self, folder: Path | str) -> None:
        ours, theirs = socket.socketpair()
        package_root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p))
        with theirs:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "ontology.query_runner", str(theirs.fileno()), str(folder)],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                env=env,
            )
        self._connection = Connection(ours.detach())
        self.folder = folder

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Wait until the worker has opened the store; raise its error when it could not."""
        if not self._connection.poll(timeout):
            self.stop()
            raise worker_not_ready(self.folder)
        kind, name, message = self._recv()
        if kind != "ready":
            self.stop()
            raise _ERRORS.get(name, CcgError)(message)

    def ask(self, request: QueryRequest, timeout: float | None) -> Answer:
        """Send ``request``; raise :class:`QueryTimeout` (after ending the worker) when it takes too long."""
        try:
            self._connection.send((request, timeout))
        except (OSError, ValueError) as error:
            self.stop()
            raise worker_died(request.source) from error
        if not self._connection.poll(timeout):
            self.stop()
            raise query_timed_out(request.source, timeout or 0)
        kind, payload, message = self._recv(request.source)
        if kind == "answer":
            return payload
        raise _ERRORS.get(payload, CcgError)(message)

    def _recv(self, source: str = "query") -> tuple:
        try:
            return self._connection.recv()
        except (EOFError, OSError) as error:
            self.stop()
            raise worker_died(source) from error

    @property
    def alive(self) -> bool:
        return self._process.poll() is None

    def stop(self) -> None:
        """End the worker at once (a query in progress is abandoned)."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait(5)
        self._connection.close()

    def close(self) -> None:
        """Ask the worker to finish, then end it."""
        try:
            self._connection.send(None)
            self._process.wait(1)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            pass
        self.stop()


class QueryPool:
    """A few query workers on one store folder, for a server that answers queries concurrently.

    Parameters
    ----------
    folder
        The store folder (opened read-only by every worker).
    workers
        How many queries may run at once.
    """

    def __init__(self, folder: Path | str, workers: int = 2) -> None:
        self.folder = Path(folder)
        self.size = workers
        self._idle: queue.Queue[QueryWorker] = queue.Queue()
        self._closed = False
        started = [QueryWorker(self.folder) for _ in range(workers)]
        try:
            for worker in started:
                worker.wait_ready()
        except CcgError:
            for worker in started:
                worker.stop()
            raise
        for worker in started:
            self._idle.put(worker)

    def run(self, request: QueryRequest, timeout: float) -> Answer:
        """Answer ``request`` within ``timeout`` seconds (waiting for a free worker counts)."""
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise workers_busy(request.source, timeout) from None
        remaining = max(deadline - time.monotonic(), 0.001)
        try:
            answer = worker.ask(request, remaining)
        except QueryTimeout:
            self._replace()
            raise query_timed_out(request.source, timeout) from None
        except CcgError:
            if worker.alive:
                self._idle.put(worker)
            else:
                self._replace()
            raise
        self._idle.put(worker)
        return answer

    def _replace(self) -> None:
        """Start a new worker in the background; it joins the idle ones once the store is open."""

        def start() -> None:
            worker = QueryWorker(self.folder)
            try:
                worker.wait_ready()
            except CcgError:
                return
            if self._closed:
                worker.close()
            else:
                self._idle.put(worker)

        threading.Thread(target=start, name="ccg-query-worker-start", daemon=True).start()

    def close(self) -> None:
        """End every idle worker (busy ones end when their query is done or stopped)."""
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def query_store(folder: Path | str, request: QueryRequest, timeout: float | None = None) -> Answer:
    """Answer ``request`` on the store in ``folder``, read-only; stop it after ``timeout`` seconds.

    Without a time limit the query runs in this process; with one, in a worker process that is
    ended when the limit passes (:class:`ontology.errors.QueryTimeout`).
    """
    if timeout is None:
        return execute(open_read_only(folder), request)
    worker = QueryWorker(folder)
    try:
        worker.wait_ready()
        return worker.ask(request, timeout)
    finally:
        worker.close()


if __name__ == "__main__":
    _worker_main(sys.argv[2], Connection(int(sys.argv[1])))
