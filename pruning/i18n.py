"""One catalogue of every user-visible string, one TOML file per language.

Pages, figures, the command line and error messages never hold literal text: they
ask this module for a key (``t("trees.title")``). A second language is one more file
in ``pruning/locales/`` with the same keys.
"""
from __future__ import annotations

import functools
import tomllib
from pathlib import Path

LOCALES_DIR = Path(__file__).with_name("locales")
DEFAULT_LANGUAGE = "en"


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, full + "."))
        else:
            flat[full] = str(value)
    return flat


@functools.cache
def catalogue(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Return the flat ``{key: text}`` catalogue of one language.

    Parameters
    ----------
    language : str
        A language code with a file ``pruning/locales/<code>.toml``.
    """
    path = LOCALES_DIR / f"{language}.toml"
    with path.open("rb") as handle:
        return _flatten(tomllib.load(handle))


def languages() -> list[str]:
    """Language codes that have a catalogue, the default first."""
    codes = sorted(p.stem for p in LOCALES_DIR.glob("*.toml"))
    return sorted(codes, key=lambda c: c != DEFAULT_LANGUAGE)


def t(key: str, language: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """Translate ``key`` and fill its ``{placeholders}`` from ``values``.

    A key missing from ``language`` falls back to the default language; a key missing
    everywhere raises ``KeyError`` (tests catch that before a user would).
    """
    text = catalogue(language).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE)[key]
    return text.format(**values) if values else text


def has(key: str, language: str = DEFAULT_LANGUAGE) -> bool:
    """Whether ``key`` exists in ``language``'s catalogue."""
    return key in catalogue(language)
