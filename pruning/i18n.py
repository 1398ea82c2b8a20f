"""One catalogue of every user-visible string, one folder of TOML files per language.

Pages, figures, the command line and error messages never hold literal text: they
ask this module for a key (``t("nav.trees")``). ``pruning/locales/<language>/``
holds one file per area (``core.toml``, ``trees.toml``...); their tables merge into
one flat catalogue, and a key defined twice is an error. A second language is one
more folder with the same keys.
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
        A language code with a folder ``pruning/locales/<code>/``.
    """
    merged: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / language).glob("*.toml")):
        with path.open("rb") as handle:
            entries = _flatten(tomllib.load(handle))
        twice = merged.keys() & entries.keys()
        if twice:
            raise ValueError(f"{path.name} redefines keys: {sorted(twice)}")
        merged.update(entries)
    if not merged:
        raise KeyError(f"no catalogue for language {language!r}")
    return merged


@functools.cache
def languages() -> tuple[str, ...]:
    """Language codes that have a catalogue, the default first (read once)."""
    codes = sorted(p.name for p in LOCALES_DIR.iterdir() if p.is_dir())
    return tuple(sorted(codes, key=lambda c: c != DEFAULT_LANGUAGE))


def t(key: str, language: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
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
