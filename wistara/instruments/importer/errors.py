"""The one exception every instrument import raises, carrying all problems found."""

MAX_ERRORS = 20


class InstrumentImportError(ValueError):
    """The input cannot become an instrument version; nothing was written.

    All problems are collected (up to MAX_ERRORS) so that whoever fixes the workbook or YAML
    file sees every broken cell in one go instead of one per attempt.
    """

    def __init__(self, errors: list[str]) -> None:
        shown = list(errors[:MAX_ERRORS])
        if len(errors) > MAX_ERRORS:
            shown.append(f"... and {len(errors) - MAX_ERRORS} more errors")
        self.errors = shown
        super().__init__("\n".join(shown))


class ErrorList:
    """Collects error messages and raises them together at the end of a parse."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        self.messages.append(message)

    def raise_if_any(self) -> None:
        if self.messages:
            raise InstrumentImportError(self.messages)
