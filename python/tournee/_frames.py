"""DataFrame to CSV text for :meth:`tournee.Day.from_frames` (called from the extension).

The frames are written as CSV and read by the Rust CSV reader, so a DataFrame accepts exactly
the columns of ``visits.csv``, ``carers.csv`` and ``links.csv`` (``docs/plan-input.md``).
"""

from typing import Any


def frame_to_csv(frame: Any, what: str) -> str:
    """``frame`` (a ``pandas.DataFrame``) as CSV text, without the index.

    Float columns holding only whole numbers (what pandas makes of an integer column with
    empty cells) are written as integers, so that ``delivery = 2`` is not written ``2.0``.
    """
    try:
        import pandas as pd  # type: ignore[import-untyped, unused-ignore]
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "Day.from_frames needs pandas, which is not installed (pip install pandas)"
        ) from e
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, got {type(frame).__name__}")
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_float_dtype(column.dtype):
            values = column.dropna()
            if len(values) and bool(((values == values.round()) & (values.abs() < 2**53)).all()):
                out[name] = column.astype("Int64")
    text: str = out.to_csv(index=False)
    return text
