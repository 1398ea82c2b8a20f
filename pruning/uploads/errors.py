"""The one error every upload check raises: a catalogue message, one line, no traceback."""
from __future__ import annotations

from pruning.i18n import DEFAULT_LANGUAGE, t


class UploadError(ValueError):
    """A file or data set the app cannot use, and why, as a catalogue message.

    Parameters
    ----------
    key : str
        Catalogue key under ``uploads.errors.`` (``"empty_file"`` means
        ``uploads.errors.empty_file``).
    **values
        The message's placeholders; a callable value is called with the language
        (e.g. a technique's name, which each language says its own way).

    ``str(error)`` is the English message (the command line and logs);
    :meth:`message` gives it in another language (the pages).
    """

    def __init__(self, key: str, /, **values: object) -> None:
        self.key = f"uploads.errors.{key}"
        self.values = values
        super().__init__(self.message(DEFAULT_LANGUAGE))

    def message(self, language: str = DEFAULT_LANGUAGE) -> str:
        """The message in ``language``, on one line."""
        values = {name: value(language) if callable(value) else value
                  for name, value in self.values.items()}
        return " ".join(t(self.key, language, **values).split())
