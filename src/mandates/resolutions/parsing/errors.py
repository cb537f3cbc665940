"""The error the parser raises for a text it cannot read as a resolution."""


class ParseError(ValueError):
    """A text that cannot be read as a resolution; ``line`` names where (1-based), when known."""

    def __init__(self, message: str, line: int | None = None, unit: str = "line"):
        self.line, self.unit = line, unit
        super().__init__(f"{unit.capitalize()} {line}: {message}" if line else message)
