"""More hostile raw files, through the real build (helpers of test_bad_inputs.py): a source with
an unknown extra column, a year far in the future, an empty file, a file ten times larger.
Each stops the build with a message naming the file and the place, and leaves data/ untouched;
none ends in a traceback, and the large file is refused in bounded time.
"""

from __future__ import annotations

import time

from test_bad_inputs import (  # noqa: F401 (the `sources` fixture)
    build_with,
    edit_row,
    lines_of,
    only,
    pop_bytes,
    sources,
)


def test_an_unknown_extra_column(tmp_path, sources):  # noqa: F811
    lines = lines_of(pop_bytes(sources))
    data = b"".join(
        ln.rstrip(b"\r\n") + (b",Note" if i == 0 else b",x") + ln[len(ln.rstrip(b"\r\n")) :]
        for i, ln in enumerate(lines)
    )
    err = build_with(tmp_path, sources, data)
    p = only(err.problems, field="Note", rule="unexpected column")
    assert p.row == 0 and len(err.problems) == 1


def test_an_empty_file(tmp_path, sources):  # noqa: F811
    err = build_with(tmp_path, sources, b"")
    p = only(err.problems, rule="file is empty")
    assert p.row is None


def test_a_year_far_in_the_future(tmp_path, sources):  # noqa: F811
    """Refused by the reader, by its row (the file's 2024 values are the only ones used, so a
    later stage would never see it: it would vanish in silence)."""
    data = pop_bytes(sources)
    row = next(i for i, ln in enumerate(lines_of(data)) if ln.startswith(b"Mexico,MEX,2000,"))
    err = build_with(tmp_path, sources, edit_row(data, row, b",MEX,2000,", b",MEX,2999,"))
    p = only(err.problems, rule="outside the range")
    assert (p.row, p.field, p.value, p.expected) == (row, "Year", "2999", "1950 to 2030")


def test_a_file_ten_times_larger(tmp_path, sources):  # noqa: F811
    """Ten copies of every row: refused by the reader at the first repeated row, quickly."""
    lines = lines_of(pop_bytes(sources))
    data = lines[0] + b"".join(lines[1:]) * 10
    assert len(data) > 9 * len(pop_bytes(sources))
    start = time.perf_counter()
    err = build_with(tmp_path, sources, data)
    assert time.perf_counter() - start < 120
    first = only(err.problems, rule="repeats an earlier row", row=len(lines))
    assert first.field == "Country Code+Year" and first.value == "ABW|1960"
