"""The string catalogue: every key used in code exists; languages agree."""
import re
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
    assert set(catalogue(language)) == set(catalogue(DEFAULT_LANGUAGE))


def test_placeholders_are_filled_and_unknown_keys_raise():
    assert "0.99" in t("errors.amount_range", max=0.99)
    with pytest.raises(KeyError):
        t("no.such.key")


def test_no_empty_strings():
    assert all(text.strip() for text in catalogue(DEFAULT_LANGUAGE).values())
