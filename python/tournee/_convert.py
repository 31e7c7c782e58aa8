"""Python values into the plain data the Rust readers take (called from the extension).

Notebooks hand tournee numpy scalars and arrays, pandas' missing values, ``datetime.time``,
``pandas.Timestamp`` and ``pandas.Timedelta``. :func:`plain` turns them into dicts, lists, str,
int, float, bool and None, which the extension reads directly (with ``pythonize``, no JSON
text in between); :func:`cell` does the same for one cell of a DataFrame given to
:meth:`tournee.Day.from_frames`, as the text of the CSV cell of that column.

Times of day become ``"HH:MM"`` (``"HH:MM:SS"`` when they have seconds, with milliseconds
when they have them); durations
(``Timedelta`` / ``timedelta``) become minutes under a key or column ending in ``_min`` and a
time of day since midnight anywhere else; a ``datetime`` / ``Timestamp`` becomes its time of
day, and must fall on ``date`` when one is given.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any, Optional


class ConversionError(ValueError):
    """A value that has no meaning in a day (the message names why); the caller adds where."""


def _input_error(message: str, **attrs: Any) -> Exception:
    """A :class:`tournee.PlanInputError` with ``attrs`` set (the item, row, column…)."""
    from ._tournee import PlanInputError

    e = PlanInputError(message)
    for k, v in attrs.items():
        setattr(e, k, v)
    return e


def _hhmmss(seconds: float) -> str:
    if not (0 <= seconds <= 86_400) or math.isnan(seconds):
        raise ConversionError(f"{seconds / 3600:.3f} h is not a time of day (00:00 to 24:00)")
    millis = round(seconds * 1000)
    h, rest = divmod(millis, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    if s == 0 and ms == 0:
        return f"{h:02}:{m:02}"
    text = f"{h:02}:{m:02}:{s:02}"
    return f"{text}.{ms:03}".rstrip("0") if ms else text


def _is_missing(value: Any) -> bool:
    """pandas' NA and NaT (without importing pandas)."""
    name = type(value).__name__
    return name in ("NAType", "NaTType")


def _numpy_to_python(value: Any) -> Any:
    """A numpy scalar or array as Python values (``None`` when ``value`` is not numpy's)."""
    module = type(value).__module__
    if not module.startswith("numpy"):
        return None
    import numpy as np

    if isinstance(value, np.ndarray):
        return value.tolist() if value.dtype.kind not in "mM" else list(value)
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return _Missing
        return value.astype("datetime64[us]").item()
    if isinstance(value, np.timedelta64):
        if np.isnat(value):
            return _Missing
        return value.astype("timedelta64[us]").item()
    if isinstance(value, np.generic):
        return value.item()
    return None


class _MissingType:
    pass


_Missing = _MissingType()


def _time_of(value: Any, key: str, date: Optional[_dt.date]) -> Any:
    """A date-time or duration under ``key`` as a time of day or minutes; other values as
    they are."""
    if isinstance(value, _dt.datetime):
        if date is not None and value.date() != date:
            raise ConversionError(
                f"{value.isoformat()} is on {value.date().isoformat()}, "
                f"not on the day planned ({date.isoformat()})"
            )
        return _hhmmss(
            value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        )
    if isinstance(value, _dt.time):
        return _hhmmss(
            value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        )
    if isinstance(value, _dt.timedelta):
        if key.endswith("_min"):
            return value.total_seconds() / 60
        return _hhmmss(value.total_seconds())
    return value


def plain(value: Any, what: str = "value", date: Optional[_dt.date] = None) -> Any:
    """``value`` as plain Python data (see the module docs); a value that has no meaning
    raises :class:`tournee.PlanInputError` naming where it is (``what`` names the whole,
    ``"day"``, ``"events"``…; ``.item`` holds the path, ``visits[3].duration_min``)."""
    try:
        return _plain(value, "", date)
    except _At as e:
        path = what + e.path
        raise _input_error(f"{path}: {e.message}", item=path) from None


class _At(Exception):
    """A ConversionError on its way up, with the path to the value."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _plain(value: Any, key: str, date: Optional[_dt.date]) -> Any:
    try:
        return _plain_value(value, key, date)
    except ConversionError as e:
        raise _At("", str(e)) from None


def _plain_value(value: Any, key: str, date: Optional[_dt.date]) -> Any:
    if value is None or isinstance(value, (str, bool)):
        return value
    if _is_missing(value):
        return None
    converted = _numpy_to_python(value)
    if converted is _Missing:
        return None
    if converted is not None:
        return _plain_value(converted, key, date)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, (_dt.datetime, _dt.time, _dt.timedelta)):
        return _time_of(value, key, date)
    if isinstance(value, dict) or hasattr(value, "items"):
        out = {}
        for k, v in value.items():
            try:
                out[str(k)] = _plain(v, str(k), date)
            except _At as e:
                raise _At(f".{k}{e.path}", e.message) from None
        return out
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist"):
        items = value.tolist() if hasattr(value, "tolist") else value  # a Series or Index
        out_list = []
        for i, v in enumerate(items):
            try:
                out_list.append(_plain(v, key, date))
            except _At as e:
                raise _At(f"[{i}]{e.path}", e.message) from None
        return out_list
    raise ConversionError(f"a {type(value).__name__} has no meaning here")


def cell(value: Any, column: str, date: Optional[_dt.date] = None) -> str:
    """One DataFrame cell as the text of the CSV cell of ``column`` (missing: empty)."""
    value = _plain_value(value, column, date)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, list):
        return ";".join(cell(v, column, date) for v in value)
    if isinstance(value, dict):
        raise ConversionError(f"a dict has no meaning in the column {column}")
    return str(value)


def frame_cells(frame: Any, what: str, date: Optional[_dt.date] = None) -> tuple:
    """``frame`` (a ``pandas.DataFrame``) as ``(columns, rows of cell texts)``; a cell that
    cannot be converted raises ``ValueError`` naming its row and column."""
    try:
        import pandas as pd  # type: ignore[import-untyped, unused-ignore]
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "Day.from_frames needs pandas, which is not installed (pip install pandas)"
        ) from e
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, got {type(frame).__name__}")
    columns = [str(c) for c in frame.columns]
    rows = []
    for position, values in enumerate(frame.itertuples(index=False, name=None)):
        row = []
        for column, value in zip(columns, values):
            try:
                row.append(cell(value, column.strip().lower(), date))
            except (ConversionError, _At) as e:
                raise _input_error(
                    f"{what} frame, row {position}, column {column}: {e}",
                    frame=what,
                    row=position,
                    column=column,
                ) from None
        rows.append(row)
    return columns, rows
