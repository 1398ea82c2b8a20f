"""Things worth telling the user about an upload that still worked (e.g. it was sampled)."""
from __future__ import annotations

from dataclasses import dataclass, field

from pruning.i18n import DEFAULT_LANGUAGE, t


@dataclass(frozen=True)
class Notice:
    """A catalogue message under ``uploads.notices.`` and its placeholders."""

    key: str
    values: dict = field(default_factory=dict, hash=False)

    def message(self, language: str = DEFAULT_LANGUAGE) -> str:
        return t(f"uploads.notices.{self.key}", language, **self.values)
