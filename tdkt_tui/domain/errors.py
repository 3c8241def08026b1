"""The one exception type a user may see: a sentence in the interface language, never a traceback."""

from __future__ import annotations

from tdkt_tui.domain.i18n import _


class TdktError(Exception):
    """An error with a translatable message (an English msgid plus named fields)."""

    def __init__(self, message: str, /, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = params

    def __str__(self) -> str:
        return _(self.message, **self.params)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled whole (fields included), so an error raised in a worker process reads the same here."""
        return _restore, (type(self), self.message, dict(self.__dict__))


def _restore(kind: type[TdktError], message: str, state: dict[str, object]) -> TdktError:
    error = kind.__new__(kind)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class StoreError(TdktError):
    """The conference folder cannot be opened or written; nothing was changed."""


class ConcurrentWrite(StoreError):
    """Another desk appended to the journal at the same moment, the folder lock notwithstanding; nothing was saved,
    and trying again is safe."""


class CorruptStore(StoreError):
    """A file of the conference folder is damaged; it is left as it is for recovery."""


class ValidationError(TdktError):
    """A record a user typed breaks a rule; ``field`` names the input to fix."""

    def __init__(self, message: str, /, field: str = "", **params: object) -> None:
        super().__init__(message, **params)
        self.field = field
