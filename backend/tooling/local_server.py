"""`drillbook serve` in a child process on a free loopback port, for benchmarks and tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(base: str) -> None:
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{base}/api/health", timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the drillbook server did not start")


@contextmanager
def served(env: dict[str, str] | None = None, quiet: bool = False) -> Iterator[str]:
    """Yields the base URL of a running server on the configured database; stops it after."""
    output = subprocess.DEVNULL if quiet else None
    process = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "serve", "--port", str(port := free_port())],
        cwd=ROOT,
        env=env if env is not None else dict(os.environ),
        stdout=output,
        stderr=output,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
