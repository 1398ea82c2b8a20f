"""Take the README's screenshots of the dashboard in Debian's Chromium.

    /work/venv/bin/python scripts/screenshots.py            # -> docs/screenshots/*.png
    /work/venv/bin/python scripts/screenshots.py --out /tmp/shots

Starts ``streamlit run app.py`` on a free port and drives Chromium exactly as the browser
tests do (tests/browser/conftest.py): same server start, same waits, same checks that
the page shows no error and its charts are drawn. Each view is a link, so a screenshot
can be retaken with the same settings after the page changes.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import (CHROMIUM, CHROMIUM_ARGS, VIEWPORT,  # noqa: E402
                                    assert_diagrams, assert_no_error, assert_plotly_charts,
                                    launch_server, notices, open_page, screenshot)

MAX_BYTES = 400_000  # README images stay light
PALETTE_COLOURS = 256  # a UI screenshot loses nothing visible in a 256-colour palette

# name -> (link, check that the view is complete)
VIEWS = {
    "trees": ("/trees?dataset=breast_cancer&method=cost_complexity",
              lambda page: (assert_diagrams(page, 2), assert_plotly_charts(page, 1))),
    "networks": ("/networks?model=cnn&technique=structured_physical&sparsity=50"
                 "&finetune=true&latency=true&view=layers",
                 lambda page: assert_plotly_charts(page, 1)),
}


def to_palette(path: Path) -> None:
    """Rewrite the PNG at ``path`` with a 256-colour palette (about a third of the bytes)."""
    from PIL import Image  # installed with Streamlit

    with Image.open(path) as image:
        palette = image.convert("RGB").quantize(PALETTE_COLOURS,
                                                method=Image.Quantize.FASTOCTREE,
                                                dither=Image.Dither.NONE)
    palette.save(path, optimize=True)


def shoot(page, base_url: str, name: str, out: Path) -> Path:
    """Open view ``name``, check it, and save it: the full page, in a palette if that is
    needed to stay under ``MAX_BYTES``, else only the first viewport."""
    link, complete = VIEWS[name]
    open_page(page, base_url + link)
    assert_no_error(page)
    assert notices(page) == [], notices(page)
    complete(page)
    path = out / f"{name}.png"
    for full_page in (True, False):
        screenshot(page, name, full_page=full_page, path=path)
        if path.stat().st_size > MAX_BYTES:
            to_palette(path)
        if path.stat().st_size <= MAX_BYTES:
            break
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots",
                        help="folder for the PNG files (default: docs/screenshots)")
    parser.add_argument("views", nargs="*", metavar="view",
                        help=f"which views, of {', '.join(VIEWS)} (default: all)")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.views) - set(VIEWS))
    if unknown:
        parser.error(f"unknown view(s): {', '.join(unknown)}; choose from {', '.join(VIEWS)}")
    views = args.views or list(VIEWS)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as log_dir:
        server = launch_server(Path(log_dir))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                                     args=CHROMIUM_ARGS)
                page = browser.new_page(viewport=VIEWPORT)
                open_page(page, server.url)  # run app.py once (see test_shell.py)
                for name in views:
                    path = shoot(page, server.url, name, args.out)
                    print(f"{path} ({path.stat().st_size // 1000} kB)")
                browser.close()
        finally:
            server.stop()
        if "Traceback" in server.log():
            sys.exit(f"the server logged a traceback:\n{server.log()[-3000:]}")


if __name__ == "__main__":
    main()
