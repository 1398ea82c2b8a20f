"""The shipped Streamlit settings (``.streamlit/config.toml``)."""
import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


def test_the_dashboard_does_not_watch_its_source_files():
    """Watching makes every session walk every imported module after its runs (with torch
    loaded: thousands, ~0.45 s for a session's first run after another page loaded them);
    developers opt in with ``--server.fileWatcherType auto`` (README)."""
    server = tomllib.loads(CONFIG.read_text())["server"]
    assert server["fileWatcherType"] == "none"
    assert "--server.fileWatcherType auto" in (CONFIG.parents[1] / "README.md").read_text()
