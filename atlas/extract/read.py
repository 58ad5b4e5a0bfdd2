"""Readers for raw files: parse exactly the shape PROVENANCE describes, or say what differs.

Each reader checks what it can before the transforms see a row: the encoding (strict; a
byte-order mark only where the publisher writes one), the delimiter and header (every expected
column present, nothing unknown), the row lengths (a truncated file), and numeric columns
(text in a number). Problems are collected for the whole file, then raised together.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from atlas.errors import InputError, Problem, raise_if_any

BOM = b"\xef\xbb\xbf"
# The years the package publishes (the year constraints of datapackage.json): a raw row outside
# them is a broken file (a typo, a shifted column), never a value to drop in silence.
YEARS = (1950, 2030)
MAX_ROWS_REPORTED = 20


def _decode(path: Path, label: str, encoding: str, bom: str, header_lines: int = 1) -> str:
    """Decode a text file strictly; `bom` is 'forbidden', 'optional' or 'required'.

    Rows in messages are data rows (the header, and `header_lines - 1` preamble lines before
    it, excluded), as everywhere else; the line number is given too."""
    raw = path.read_bytes()
    if not raw:
        raise InputError([Problem(label, None, None, "file is empty")])
    has_bom = raw.startswith(BOM)
    if has_bom and bom == "forbidden":
        raise InputError(
            [Problem(label, 0, None, "unexpected UTF-8 byte-order mark", expected="no BOM")]
        )
    if not has_bom and bom == "required":
        raise InputError([Problem(label, 0, None, "missing UTF-8 byte-order mark", expected="BOM")])
    if has_bom:
        raw = raw[len(BOM) :]
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.end].hex()
        rule = f"bytes are not valid {encoding} (line {line})"
        row = max(line - header_lines, 0)
        raise InputError([Problem(label, row, None, rule, f"0x{bad}", encoding)]) from None


def _check_header(
    label: str,
    header: list[str],
    expected: Iterable[str],
    allow_extra: Iterable[str] | Callable[[str], bool] = (),
) -> list[Problem]:
    """Every expected column present; any other column allowed by name or by a predicate."""
    expected = list(expected)
    problems = []
    missing = [c for c in expected if c not in header]
    for col in missing:
        hint = ""
        if len(header) == 1 and any(d in header[0] for d in ";\t|"):
            hint = " (wrong delimiter? the header is one field)"
        problems.append(
            Problem(label, 0, col, "missing column" + hint, expected=", ".join(expected))
        )
    extra = allow_extra if callable(allow_extra) else set(allow_extra).__contains__
    for col in header:
        if col not in expected and not extra(col) and not (col.startswith("Unnamed") or col == ""):
            problems.append(Problem(label, 0, col, "unexpected column", col, ", ".join(expected)))
    return problems


def read_csv_text(
    path: Path,
    label: str,
    expected: Iterable[str],
    *,
    encoding: str = "utf-8",
    bom: str = "forbidden",
    skiprows: int = 0,
    allow_extra: Iterable[str] | Callable[[str], bool] = (),
    numeric: Iterable[str] = (),
    final_newline: bool = True,
    unique: Iterable[str] = (),
    ranges: dict[str, tuple[float, float]] | None = None,
    delimiter: str = ",",
) -> pd.DataFrame:
    """Read a CSV as text (no NA guessing: 'NA' is Namibia), checking shape and numbers.

    `final_newline` (default): the publisher's file ends with a line break, so a file that does not was
    cut short (possibly inside its last value). `unique`: columns that identify a row (a repeated
    row is refused, by its row number); `ranges`: inclusive bounds of numeric columns. The
    frame's index is the data row number - 1. `delimiter`: "\\t" for tab-separated files."""
    text = _decode(path, label, encoding, bom, header_lines=skiprows + 1)
    lines = text.splitlines(keepends=True)
    body = "".join(lines[skiprows:])
    rows = list(csv.reader(io.StringIO(body, newline=""), delimiter=delimiter))
    if not rows:
        raise InputError([Problem(label, None, None, "no header row")])
    header, data = rows[0], rows[1:]
    problems = _check_header(label, header, expected, allow_extra)
    raise_if_any(problems)
    width = len(header)
    for i, row in enumerate(data, start=1):
        if len(row) != width and any(cell.strip() for cell in row):
            problems.append(
                Problem(
                    label,
                    i,
                    None,
                    f"row has {len(row)} fields, header has {width} (truncated or malformed row)",
                    ",".join(row)[:80],
                )
            )
    if final_newline and not problems and not text.endswith("\n"):
        # every row has the right width, yet the file stops mid-line: cut inside its last value
        problems.append(
            Problem(
                label,
                text.count("\n") - skiprows,
                None,
                "file ends without a line break (truncated?)",
                text[-40:],
                "a final line break",
            )
        )
    raise_if_any(problems)
    keep = [i for i, r in enumerate(data) if len(r) == width]
    frame = pd.DataFrame([data[i] for i in keep], columns=header, dtype=object, index=keep)
    frame = frame.loc[:, [c for c in header if not (c.startswith("Unnamed") or c == "")]]
    frame = to_numbers(frame, label, numeric)
    raise_if_any(
        repeated_rows(frame, label, list(unique)) + out_of_range(frame, label, ranges or {})
    )
    return frame


def repeated_rows(frame: pd.DataFrame, label: str, key: list[str]) -> list[Problem]:
    """Rows whose key was already given by an earlier row (a file duplicated or appended)."""
    if not key:
        return []
    dup = frame.duplicated(subset=key, keep="first").to_numpy()
    problems = [
        Problem(
            label,
            row_number(frame, int(i)),
            "+".join(key),
            "row repeats an earlier row's key",
            "|".join(_shown(frame[c].iloc[int(i)]) for c in key),
        )
        for i in np.flatnonzero(dup)[:MAX_ROWS_REPORTED]
    ]
    if dup.sum() > MAX_ROWS_REPORTED:
        problems.append(
            Problem(
                label,
                None,
                "+".join(key),
                f"{int(dup.sum()) - MAX_ROWS_REPORTED} more repeated rows",
            )
        )
    return problems


def _shown(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def out_of_range(
    frame: pd.DataFrame, label: str, ranges: dict[str, tuple[float, float]]
) -> list[Problem]:
    """Numbers outside their column's bounds, by row (the first few per column)."""
    problems = []
    for col, (lo, hi) in ranges.items():
        bad = ((frame[col] < lo) | (frame[col] > hi)).to_numpy()
        problems += [
            Problem(
                label,
                row_number(frame, int(i)),
                col,
                "outside the range",
                f"{frame[col].iloc[int(i)]:g}",
                f"{lo:g} to {hi:g}",
            )
            for i in np.flatnonzero(bad)[:MAX_ROWS_REPORTED]
        ]
    return problems


def to_numbers(
    frame: pd.DataFrame,
    label: str,
    columns: Iterable[str],
    *,
    blanks: tuple = ("", ".."),
    first_row: int = 1,
) -> pd.DataFrame:
    """Convert text columns to numbers; `blanks` are missing, other text is an error.

    Messages name the row as the frame's index label + `first_row` (readers keep the index
    of the file's data rows, so filtering never shifts a reported row)."""
    problems: list[Problem] = []
    frame = frame.copy()
    for col in columns:
        raw = frame[col]
        if pd.api.types.is_numeric_dtype(raw):
            continue
        text = raw.astype(object)
        blank = text.isna() | text.isin(list(blanks))
        values = pd.to_numeric(text.where(~blank), errors="coerce")
        bad = values.isna() & ~blank
        for idx in np.flatnonzero(bad.to_numpy())[:20]:
            problems.append(
                Problem(
                    label,
                    row_number(frame, idx, first_row),
                    col,
                    "not a number",
                    str(text.iloc[idx]),
                    "a number",
                )
            )
        frame[col] = values.astype("float64")
    raise_if_any(problems)
    return frame


def parse_rda(path: Path) -> dict | Exception:
    """Parse an R data file (top level, so a process pool can run it); errors are returned."""
    import pyreadr

    try:
        return dict(pyreadr.read_r(str(path)))
    except Exception as exc:  # pyreadr raises several library-specific types
        return exc


_PARSED: dict[Path, dict | Exception] = {}


@contextmanager
def rda_parsed_in_background(paths: Iterable[Path], workers: int = 2):
    """Parse R data files in worker processes while the caller reads other files.

    pyreadr holds the GIL and is the largest single cost of the build (about 8 s of CPU), so
    it runs beside the spreadsheet and CSV readers; on leaving the block every parse is done
    and `read_rda` takes the parsed frames instead of parsing again."""
    from concurrent.futures import ProcessPoolExecutor

    todo = sorted({p for p in paths if p not in _PARSED}, key=lambda p: -p.stat().st_size)
    if not todo:
        yield
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {path: pool.submit(parse_rda, path) for path in todo}
        yield
        for path, future in futures.items():
            _PARSED[path] = future.result()


def require_values(
    frame: pd.DataFrame, label: str, column: str, allowed: Iterable[str], rule: str
) -> None:
    """Stop when a column holds a value outside a closed list (every offending row named)."""
    allowed = list(allowed)
    bad = ~frame[column].isin(allowed)
    raise_if_any(
        [
            Problem(
                label,
                row_number(frame, i),
                column,
                rule,
                str(frame[column].iloc[i]),
                "|".join(allowed),
            )
            for i in np.flatnonzero(bad.to_numpy())[:20]
        ]
    )


def row_number(frame: pd.DataFrame | pd.Series, position: int, first_row: int = 1) -> int:
    """The file row of a frame row: its index label (readers keep it) + first_row."""
    label = frame.index[position]
    if isinstance(label, int | np.integer):
        return int(label) + first_row
    return int(position) + first_row


def read_rda(path: Path, label: str, expected: Iterable[str]) -> pd.DataFrame:
    """Read the single data frame of an R data file and check its columns."""
    result = _PARSED.pop(path, None) or parse_rda(path)
    if isinstance(result, Exception):
        raise InputError([Problem(label, None, None, f"cannot read R data file: {result}")])
    if len(result) != 1:
        raise InputError([Problem(label, None, None, f"expected one object, found {len(result)}")])
    frame = next(iter(result.values()))
    raise_if_any(_check_header(label, list(frame.columns), expected))
    return frame


def read_sheet(path: Path, label: str, sheet: str, *, header: int | None = None) -> pd.DataFrame:
    """Read one worksheet as raw cells (calamine: fast, and reads xls and xlsx alike)."""
    try:
        return pd.read_excel(path, sheet_name=sheet, header=header, engine="calamine")
    except Exception as exc:
        raise InputError(
            [Problem(label, None, None, f"cannot read sheet '{sheet}': {exc}")]
        ) from None
