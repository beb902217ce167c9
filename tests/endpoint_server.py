"""A running ``ccg serve`` endpoint for tests: uvicorn in a thread on a free loopback port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from ontology.endpoint import EndpointSettings, create_app
from ontology.query_runner import QueryPool


@dataclass(frozen=True)
class RunningEndpoint:
    """Where a test server listens, and what it serves."""

    url: str
    store: Path
    settings: EndpointSettings

    @property
    def sparql(self) -> str:
        return self.url + "sparql"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_endpoint(store: Path, settings: EndpointSettings, workers: int = 2) -> Iterator[RunningEndpoint]:
    """Serve ``store`` until the block ends."""
    with QueryPool(store, workers) as pool:
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(pool, settings), host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, name="test-endpoint", daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the test endpoint did not start")
            time.sleep(0.02)
        try:
            yield RunningEndpoint(f"http://127.0.0.1:{port}/", store, settings)
        finally:
            server.should_exit = True
            thread.join(10)
