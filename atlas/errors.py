"""Errors the Atlas raises, as values a reader can act on.

Every problem names the file, the row, the field, the rule that was broken and the value seen,
so that one run tells the editor everything that is wrong (collect, then stop).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One broken rule in one place."""

    file: str
    row: int | None  # 1-based data row (header excluded) or line number; None = whole file
    field: str | None
    rule: str
    value: str = ""
    expected: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field:
            where += f", field '{self.field}'"
        text = f"{where}: {self.rule}"
        if self.value != "":
            text += f" (value: {self.value!r})"
        if self.expected:
            text += f"; expected {self.expected}"
        return text


class AtlasError(Exception):
    """Base class: every error the Atlas raises on purpose."""


class SourceNotFound(AtlasError):
    """No copy of a pinned source in the cache, the mirror, or at its URL."""

    def __init__(self, source_id: str, tried: list[str]):
        self.source_id = source_id
        self.tried = tried
        super().__init__(
            f"source '{source_id}': no copy found; tried " + ("; ".join(tried) or "nothing")
        )


class ChecksumMismatch(AtlasError):
    """A raw file's bytes are not the pinned ones: nothing of it is parsed."""

    def __init__(self, source_id: str, path: str, expected: str, actual: str):
        self.source_id = source_id
        self.path = path
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"source '{source_id}': checksum mismatch for {path}: "
            f"expected sha256 {expected}, got {actual}"
        )


class InputError(AtlasError):
    """Problems found in inputs (raw files, metadata, package rows): the build stops."""

    def __init__(self, problems: list[Problem], limit: int = 50):
        self.problems = sorted(set(problems), key=_sort_key)
        shown = "\n".join(f"  - {p}" for p in self.problems[:limit])
        more = len(self.problems) - limit
        if more > 0:
            shown += f"\n  ... and {more} more"
        super().__init__(f"{len(self.problems)} problem(s) found; nothing was published:\n{shown}")


def _sort_key(p: Problem) -> tuple:
    return (p.file, p.row if p.row is not None else -1, p.field or "", p.rule, p.value)


def raise_if_any(problems: list[Problem]) -> None:
    """Stop the build when problems were collected."""
    if problems:
        raise InputError(problems)
