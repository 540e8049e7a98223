"""A real `drillbook serve` child process that a test may SIGKILL, as a power cut or OOM would."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx

from backend.tooling.local_server import ROOT, free_port
from tests.world import PASSWORD


class KillableServer:
    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "backend.cli", "serve", "--port", str(self.port)],
            cwd=ROOT,
            env=env if env is not None else dict(os.environ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_until_up()

    def _wait_until_up(self) -> None:
        for _ in range(300):
            if self.process.poll() is not None:
                raise RuntimeError("the drillbook server exited while starting")
            try:
                httpx.get(f"{self.base}/api/health", timeout=1)
                return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the drillbook server did not start")

    def client(self, username: str = "officer") -> httpx.Client:
        client = httpx.Client(base_url=self.base, timeout=60)
        response = client.post("/api/session", json={"username": username, "password": PASSWORD})
        assert response.status_code == 200, response.text
        return client

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no rollback by the app; only the database's own recovery."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
