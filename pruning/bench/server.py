"""A Streamlit server in a subprocess (``streamlit run``): start, wait, measure, stop.

The backend never imports Streamlit; the benchmark starts it as a separate program,
exactly as a user would, and reads its resident memory from ``/proc``.
"""
from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from pruning.i18n import t

ROOT = Path(__file__).resolve().parents[2]
APP = "app.py"
BARE_PAGE = "benchmarks/bare_page.py"
HEALTH_TIMEOUT_S = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitServer:
    """``streamlit run <script>`` on a free port, headless; a context manager.

    Attributes
    ----------
    url : str
    process : subprocess.Popen
    started_at : float
        ``time.time()`` just before the process was started.
    log_path : Path
        The server's combined stdout / stderr.
    """

    def __init__(self, script: str = APP) -> None:
        self.script = script
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(tempfile.mkstemp(prefix="pruning-bench-", suffix=".log")[1])
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0

    def start(self) -> "StreamlitServer":
        log = self.log_path.open("w")
        self.started_at = time.time()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", self.script, "--server.headless", "true",
             "--server.port", str(self.port), "--browser.gatherUsageStats", "false"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        return self

    def wait_healthy(self, timeout: float = HEALTH_TIMEOUT_S) -> float:
        """Block until ``/_stcore/health`` answers; return ``time.time()`` then."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(t("bench.errors.server_exited", code=self.process.returncode,
                                     log=self.log_tail()))
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return time.time()
            except OSError:
                time.sleep(0.05)
        raise TimeoutError(t("bench.errors.server_timeout", seconds=timeout))

    def rss_mb(self) -> dict:
        """Resident memory of the server process now and at its peak, in MiB."""
        return process_memory_mb(self.process.pid)

    def log_tail(self, characters: int = 2000) -> str:
        try:
            return self.log_path.read_text()[-characters:]
        except OSError:
            return ""

    def tracebacks(self) -> int:
        """How many Python tracebacks the server logged (a page that crashed)."""
        try:
            return self.log_path.read_text().count("Traceback")
        except OSError:
            return 0

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> "StreamlitServer":
        self.start()
        try:
            self.wait_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
        self.log_path.unlink(missing_ok=True)


def process_memory_mb(pid: int) -> dict:
    """``{"rss_mb", "peak_rss_mb"}`` of process ``pid`` from ``/proc/<pid>/status``."""
    fields = {"VmRSS": "rss_mb", "VmHWM": "peak_rss_mb"}
    found = {name: None for name in fields.values()}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in fields:
                    found[fields[key]] = round(int(value.split()[0]) / 1024, 1)  # kB -> MiB
    except OSError:
        pass
    return found
