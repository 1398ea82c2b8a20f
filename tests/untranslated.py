"""Find text a translation left in English: filled-in catalogue texts and raw keys.

Shared by the headless page test (tests/test_page_spanish.py) and the browser test
(tests/browser/test_spanish.py).
"""
from __future__ import annotations

import functools
import re
import string

from pruning.data import DATASET_NAMES, load_dataset
from pruning.i18n import DEFAULT_LANGUAGE, catalogue


def _pattern(template: str) -> re.Pattern | None:
    """A regex for a catalogue text with its fields filled by anything; ``None`` when
    too little of it is fixed text to recognise (``"{value:.1f} kB"``)."""
    literals = [literal for literal, *_ in string.Formatter().parse(template)]
    if sum(char.isalpha() for char in "".join(literals)) < 4:
        return None
    fixed = "\0".join(literals).strip("\0")  # \0: where a field goes
    body = "(?:.+?)".join(re.escape(literal) for literal in fixed.split("\0"))
    start = r"(?<!\w)" if re.match(r"\w", template.lstrip()) else ""
    end = r"(?!\w)" if re.search(r"\w$", template.rstrip()) else ""
    return re.compile(start + body + end, re.S)


@functools.cache
def english_only_patterns(language: str) -> dict[str, re.Pattern]:
    """``{key: regex}`` of English texts that ``language`` says differently and that no
    text of ``language`` contains (so finding one means a missing translation)."""
    english, other = catalogue(DEFAULT_LANGUAGE), catalogue(language)
    patterns = {}
    for key, text in english.items():
        pattern = _pattern(text)
        if pattern is None or other.get(key) == text:
            continue
        if not any(pattern.search(translated) for translated in other.values()):
            patterns[key] = pattern
    return patterns


RAW_KEY = re.compile(  # a key shown as such: the text it names was never looked up
    "|".join(rf"(?<![\w.]){re.escape(key)}(?![\w.])"
             for key in sorted(catalogue(DEFAULT_LANGUAGE), key=len, reverse=True)))


@functools.cache
def _data_names() -> re.Pattern:
    """The bundled data sets' own feature and class names ("mean concave points",
    "malignant"): data, not catalogue text, so they are not looked at."""
    names = {name for dataset in DATASET_NAMES
             for name in (*load_dataset(dataset).feature_names, *load_dataset(dataset).class_names)
             if sum(char.isalpha() for char in name) >= 3}  # not the digits' classes "0".."9"
    return re.compile("|".join(re.escape(name) for name in sorted(names, key=len, reverse=True)))


def untranslated(texts: list[str], language: str) -> list[str]:
    """``key: text`` for every English-only catalogue text or raw key found in ``texts``
    (the data sets' feature and class names left out)."""
    english_only = english_only_patterns(language)
    found = set()
    for text in (_data_names().sub(" ", text) for text in texts):
        for key, pattern in english_only.items():
            match = pattern.search(text)
            if match:
                found.add(f"{key}: {match.group(0)[:80]!r}")
        for match in RAW_KEY.finditer(text):
            found.add(f"raw key: {match.group(0)}")
    return sorted(found)
