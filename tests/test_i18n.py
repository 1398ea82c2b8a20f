"""The string catalogue: every key used in code exists; languages agree."""
import re
import string
from pathlib import Path

import pytest

from pruning.i18n import DEFAULT_LANGUAGE, catalogue, languages, t

ROOT = Path(__file__).resolve().parents[1]
# T("key") / t("key" ...) with a literal key; f-string keys are checked at run time.
LITERAL_KEY = re.compile(r"""\b[Tt]\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")


def code_files():
    for folder in ("pruning", "pages", "ui"):
        yield from (ROOT / folder).rglob("*.py")
    yield ROOT / "app.py"


def test_every_literal_key_in_code_is_in_the_default_catalogue():
    known = catalogue(DEFAULT_LANGUAGE)
    missing = {
        f"{path.relative_to(ROOT)}: {key}"
        for path in code_files()
        for key in LITERAL_KEY.findall(path.read_text())
        if key not in known
    }
    assert not missing, sorted(missing)


@pytest.mark.parametrize("language", languages())
def test_every_language_has_exactly_the_default_keys(language):
    default, other = set(catalogue(DEFAULT_LANGUAGE)), set(catalogue(language))
    assert not default - other, f"keys missing in '{language}': {sorted(default - other)}"
    assert not other - default, f"keys only in '{language}': {sorted(other - default)}"


def test_placeholders_are_filled_and_unknown_keys_raise():
    assert "0.99" in t("errors.amount_range", max=0.99)
    with pytest.raises(KeyError):
        t("no.such.key")


def test_no_empty_strings():
    assert all(text.strip() for text in catalogue(DEFAULT_LANGUAGE).values())


# ---- every language against the default one ------------------------------------------

OTHER_LANGUAGES = [code for code in languages() if code != DEFAULT_LANGUAGE]
FORMATTER = string.Formatter()
# Words a translation may leave as they are: units, symbols and names.
SAME_IN_EVERY_LANGUAGE = {"pts", "pp", "kB", "ms", "MiB", "s", "x", "L", "MACs", "CSR", "CPU",
                          "Python", "Chromium", "Pruning", "Lab"}
# Keys whose text is a true cognate or a name, identical on purpose in every language.
COGNATE_KEYS = {
    "bench.backend.total",       # "total"
    "trees.diagram.criterion_gini",  # scikit-learn's criterion name
    "trees.diagram.no",          # "no" is Spanish too
    "ui.language_name_en",       # each language is named in its own language
    "ui.language_name_es",
}
MARKUP = ("**", "*", "`", "<br>", "\n", "→", "≤", "…", "|")  # |: table column separators


def placeholders(text: str) -> list[tuple[str, str, str | None]]:
    """Every ``{name:spec!conversion}`` of a catalogue text (plotly's %{x} included)."""
    return sorted((name, spec, conversion)
                  for _, name, spec, conversion in FORMATTER.parse(text) if name is not None)


def words_outside_placeholders(text: str) -> set[str]:
    literal = "".join(part for part, *_ in FORMATTER.parse(text))
    return set(re.findall(r"[^\W\d_]+", literal))


def locale_files(language: str) -> dict[str, set[str]]:
    """``{file name: its keys}`` of one language's folder."""
    import tomllib

    from pruning.i18n import LOCALES_DIR, _flatten
    return {path.name: set(_flatten(tomllib.loads(path.read_text())))
            for path in sorted((LOCALES_DIR / language).glob("*.toml"))}


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_each_english_file_has_a_twin_with_the_same_keys(language):
    default, other = locale_files(DEFAULT_LANGUAGE), locale_files(language)
    assert not default.keys() - other.keys(), \
        f"files missing in {language}/: {sorted(default.keys() - other.keys())}"
    assert not other.keys() - default.keys(), \
        f"files only in {language}/: {sorted(other.keys() - default.keys())}"
    differing = {name: sorted(default[name] ^ other[name])
                 for name in default if default[name] != other[name]}
    assert not differing, f"keys in one file of the pair only: {differing}"


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_placeholders_and_format_specs_are_the_same_in_every_language(language):
    default, other = catalogue(DEFAULT_LANGUAGE), catalogue(language)
    differing = {key: (placeholders(default[key]), placeholders(other[key]))
                 for key in default.keys() & other.keys()
                 if placeholders(default[key]) != placeholders(other[key])}
    assert not differing, differing


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_translations_keep_the_markdown_and_the_edge_spaces(language):
    default, other = catalogue(DEFAULT_LANGUAGE), catalogue(language)

    def shape(text: str) -> tuple:
        stripped = text.strip()
        edges = (text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):])
        return edges, tuple(stripped.count(mark) for mark in MARKUP)

    differing = sorted(key for key in default.keys() & other.keys()
                       if shape(default[key]) != shape(other[key]))
    assert not differing, differing


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_no_text_is_an_untranslated_copy(language):
    default, other = catalogue(DEFAULT_LANGUAGE), catalogue(language)
    copies = sorted(
        key for key in default.keys() & other.keys()
        if other[key] == default[key] and key not in COGNATE_KEYS
        and not words_outside_placeholders(default[key]) <= SAME_IN_EVERY_LANGUAGE)
    assert not copies, f"identical to {DEFAULT_LANGUAGE} (untranslated?): {copies}"


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_no_empty_translations(language):
    assert all(text.strip() for text in catalogue(language).values())


def test_an_untranslated_copy_and_a_lost_placeholder_are_caught():
    """The checks above can fail: they see a copied English text and a dropped field."""
    english = "Round {step} of {steps}: {sparsity:.0%} pruned"
    assert not words_outside_placeholders(english) <= SAME_IN_EVERY_LANGUAGE
    assert placeholders(english) != placeholders("Ronda {step}: {sparsity:.0%} podado")
    assert placeholders(english) != placeholders("Ronda {step} de {steps}: {sparsity} podado")
    assert words_outside_placeholders("{value:+.1f} pp") <= SAME_IN_EVERY_LANGUAGE
