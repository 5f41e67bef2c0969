"""Stream the rows of a CSV, XLSX or JSON file as ``(row number, {header: value})``.

No reader holds the whole file: CSV and XLSX go row by row, JSON through ijson's event
parser. Values arrive as text (XLSX dates as ``YYYY-MM-DD``, whole numbers without ``.0``);
JSON arrays of text stay lists, nested objects become ``group/field`` headers (Kobo's and
ODK's group paths). A file that cannot be read at all raises `FileProblem` with what to do.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from tipsom.engine.exchange.problems import FileProblem

Values = dict[str, Any]
# A file on disk, or its bytes (an upload decrypted in memory: never written out in clear).
Source = Path | bytes
# Arrays a JSON file may keep its records in: our own files, Kobo's API, ODK's OData.
JSON_RECORD_KEYS = ("records", "results", "value", "data")
CHUNK = 1 << 20

csv.field_size_limit(min(sys.maxsize, 1 << 24))  # long narratives; not unbounded


def _open(source: Source) -> IO[bytes]:
    return source.open("rb") if isinstance(source, Path) else io.BytesIO(source)


def check_encoding(path: Source, encoding: str = "utf-8-sig") -> None:
    """Decode the whole file once, a chunk at a time, before any row is taken: a bad byte
    on line 900,000 must stop the import before row 1, and say where and what to do."""
    decoder = codecs.getincrementaldecoder(encoding)()
    line, offset = 1, 0
    with _open(path) as handle:
        while chunk := handle.read(CHUNK):
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as error:
                bad = offset + error.start
                line += chunk[: error.start].count(b"\n")
                raise FileProblem(
                    f"the file is not {encoding.removesuffix('-sig').upper()} text: byte "
                    f"0x{chunk[error.start]:02x} at line {line} (byte {bad}) cannot be read. "
                    f"{_guess(path)}"
                ) from None
            line += text.count("\n")
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise FileProblem(
                f"the file ends in the middle of a character; {_guess(path)}"
            ) from None


def _guess(path: Source) -> str:
    from charset_normalizer import from_bytes

    with _open(path) as handle:
        best = from_bytes(handle.read(CHUNK), steps=5, chunk_size=4096).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return "Save it as 'CSV UTF-8' and upload it again."
    return (
        f"It looks like {best.encoding}: save it as 'CSV UTF-8' (or, with the tipsom "
        f"import command, give --encoding {best.encoding})."
    )


def _text(value: Any) -> Any:
    """A cell or JSON value as text; lists stay lists of text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float | Decimal):
        return str(int(value)) if value == int(value) else str(value)
    if isinstance(value, list):
        return [_text(v) for v in value if not isinstance(v, dict | list)]
    return str(value)


def _headers(raw: list[Any]) -> list[str]:
    headers = [str(h).strip() if h is not None else "" for h in raw]
    if not any(headers):
        raise FileProblem("the first row is empty: it must hold the column names")
    seen: set[str] = set()
    for header in headers:
        if header and header in seen:
            raise FileProblem(f"the column {header!r} appears twice in the header row")
        seen.add(header)
    return headers


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_csv(
    path: Source, encoding: str = "utf-8-sig", delimiter: str | None = None
) -> Iterator[tuple[int, Values]]:
    check_encoding(path, encoding)
    with io.TextIOWrapper(_open(path), encoding=encoding, newline="") as handle:
        first = handle.readline()
        if not first.strip():
            raise FileProblem("the file is empty or its first line is blank")
        sep = delimiter or _sniff_delimiter(first)
        handle.seek(0)
        reader = csv.reader(handle, delimiter=sep)
        headers = _headers(next(reader))
        for number, cells in enumerate(reader, start=1):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers) :]):
                raise FileProblem(
                    f"row {number} has {len(cells)} cells but the header names "
                    f"{len(headers)} columns; check the delimiter ({sep!r}) and the quoting"
                )
            yield number, {h: c for h, c in zip(headers, cells, strict=False) if h}


def read_xlsx(path: Source, sheet: str | None = None) -> Iterator[tuple[int, Values]]:
    from openpyxl import load_workbook

    with _open(path) as probe:
        if not zipfile.is_zipfile(probe):
            raise FileProblem("the file is not an XLSX workbook (save it as 'Excel Workbook')")
    try:
        book = load_workbook(_open(path), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for broken workbooks
        raise FileProblem(f"the workbook cannot be read: {error}") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise FileProblem(
                f"no sheet named {sheet!r}; the workbook has: {', '.join(book.sheetnames)}"
            )
        rows = (book[sheet] if sheet else book.worksheets[0]).iter_rows(values_only=True)
        headers: list[str] | None = None
        for number, cells in enumerate(_cells_of(rows)):
            if headers is None:
                if not any(c not in (None, "") for c in cells):
                    continue  # blank rows above the header
                headers = _headers(list(cells))
                start = number
                continue
            if not any(c not in (None, "") for c in cells):
                continue
            yield (
                number - start,
                {h: _text(c) for h, c in zip(headers, cells, strict=False) if h},
            )
        if headers is None:
            raise FileProblem("the sheet is empty: it must hold a header row and data rows")
    finally:
        book.close()


def _cells_of(rows: Iterator[Any]) -> Iterator[Any]:
    """The sheet's rows; a sheet broken half-way (bad XML, a cut file) is a `FileProblem`."""
    number = 0
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except Exception as error:  # ParseError, zipfile's errors, openpyxl's own
            raise FileProblem(f"the workbook cannot be read past row {number}: {error}") from None
        number += 1
        yield cells


def _flatten(record: dict[str, Any], prefix: str = "") -> Values:
    flat: Values = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}/"))
        elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
            continue  # repeat groups are not part of the flat record
        else:
            flat[name] = _text(value)
    return flat


def _json_items_prefix(handle: IO[bytes]) -> str:
    import ijson

    for prefix, event, _value in ijson.parse(handle):
        if prefix == "" and event == "start_array":
            return "item"
        if prefix in JSON_RECORD_KEYS and event == "start_array":
            return f"{prefix}.item"
        if prefix == "" and event == "end_map":
            break
    raise FileProblem(
        "no records found: give a JSON array of objects, or an object whose "
        f"{' / '.join(JSON_RECORD_KEYS)} key holds one"
    )


def read_json(path: Source) -> Iterator[tuple[int, Values]]:
    import ijson

    check_encoding(path, "utf-8-sig")
    try:
        with _open(path) as handle:
            if handle.read(3) != codecs.BOM_UTF8:
                handle.seek(0)
            prefix = _json_items_prefix(handle)
        with _open(path) as handle:
            if handle.read(3) != codecs.BOM_UTF8:
                handle.seek(0)
            for number, item in enumerate(ijson.items(handle, prefix), start=1):
                if not isinstance(item, dict):
                    raise FileProblem(f"record {number} is not a JSON object")
                yield number, _flatten(item)
    except ijson.JSONError as error:
        raise FileProblem(f"the file is not valid JSON: {error}") from None


def read(path: Source, kind: str, **options: Any) -> Iterator[tuple[int, Values]]:
    """Rows of ``path`` read as ``kind`` (csv, xlsx or json)."""
    readers: dict[str, Callable[..., Iterator[tuple[int, Values]]]] = {
        "csv": read_csv,
        "xlsx": read_xlsx,
        "json": read_json,
    }
    if kind not in readers:
        raise FileProblem(f"unknown file kind {kind!r}; allowed: {', '.join(readers)}")
    empty = (not path.exists() or path.stat().st_size == 0) if isinstance(path, Path) else not path
    if empty:
        raise FileProblem("the file is empty")
    return readers[kind](path, **options)
