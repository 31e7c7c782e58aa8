"""Many days planned at once (:func:`plan_many`): on local threads by default, or on a Dask
cluster when given a ``dask.distributed.Client``.

Each day is planned by :func:`tournee.plan` with the same options. On Dask, each distinct road
network (and matrix) is scattered once to every worker (``broadcast=True``), not shipped with
every day; a plan comes back without its network (only the plan, as JSON, and its day) and the
caller's network is attached again on the client, so a plan from a worker still draws along the
roads and re-plans. Errors are collected per day, never raised half-way.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import pickle
from typing import Any, Iterable, Iterator, Optional, Sequence, Union, overload

from . import _tournee

_OPTIONS = ("time_limit", "iterations", "threads", "seed")


class DayPlanError(_tournee.TourneeError):
    """A day of :func:`plan_many` that could not be planned.

    ``index`` is the day's position in the input, ``name`` its name (or ``None``), ``error`` the
    exception its planning raised (also chained as ``__cause__``).
    """

    def __init__(self, index: int, name: Optional[str], error: BaseException) -> None:
        label = f"day {index}" + (f" ({name})" if name else "")
        super().__init__(f"{label}: {type(error).__name__}: {error}")
        self.index = index
        self.name = name
        self.error = error
        self.__cause__ = error

    def __reduce__(self) -> Any:
        return (DayPlanError, (self.index, self.name, self.error))


class PlanBatch(Sequence[Optional["_tournee.Plan"]]):
    """The plans of :func:`plan_many`, in input order: ``batch[i]`` is day ``i``'s
    :class:`Plan`, or ``None`` when that day failed (its error is in :attr:`errors`)."""

    def __init__(
        self,
        plans: list[Optional[_tournee.Plan]],
        errors: list[DayPlanError],
        names: list[Optional[str]],
        workers: list[Optional[str]],
    ) -> None:
        self._plans = plans
        self._errors = errors
        self._names = names
        self._workers = workers

    @overload
    def __getitem__(self, i: int) -> Optional[_tournee.Plan]: ...
    @overload
    def __getitem__(self, i: slice) -> list[Optional[_tournee.Plan]]: ...
    def __getitem__(self, i: Union[int, slice]) -> Any:
        return self._plans[i]

    def __len__(self) -> int:
        return len(self._plans)

    def __iter__(self) -> Iterator[Optional[_tournee.Plan]]:
        return iter(self._plans)

    @property
    def plans(self) -> list[Optional[_tournee.Plan]]:
        """One entry per day: its plan, or ``None`` when it failed."""
        return list(self._plans)

    @property
    def errors(self) -> list[DayPlanError]:
        """The days that failed, in input order (``.index``, ``.name``, ``.error``)."""
        return list(self._errors)

    @property
    def ok(self) -> bool:
        """Whether every day was planned."""
        return not self._errors

    @property
    def workers(self) -> list[Optional[str]]:
        """Where each day was planned: the Dask worker's address, ``"local"`` for local
        threads, ``None`` for a day that failed before planning."""
        return list(self._workers)

    def raise_errors(self) -> None:
        """Raises the first day's error (a :class:`DayPlanError`) if any day failed."""
        if self._errors:
            raise self._errors[0]

    def summary(self) -> Any:
        """One row per day as a pandas DataFrame: ``index``, ``name``, ``status``
        (``"planned"`` / ``"failed"``), ``feasible``, ``served``, ``unassigned``,
        ``driving_min``, ``working_min``, ``worker``, ``error``."""
        import pandas as pd

        failed = {e.index: e for e in self._errors}
        rows = []
        for i, plan in enumerate(self._plans):
            totals = plan.totals if plan is not None else {}
            rows.append(
                {
                    "index": i,
                    "name": self._names[i],
                    "status": "planned" if plan is not None else "failed",
                    "feasible": plan.feasible if plan is not None else None,
                    "served": totals.get("served"),
                    "unassigned": totals.get("unassigned"),
                    "driving_min": totals.get("driving_min"),
                    "working_min": totals.get("working_min"),
                    "worker": self._workers[i],
                    "error": str(failed[i].error) if i in failed else None,
                }
            )
        frame = pd.DataFrame(rows)
        for col in ("name", "status", "worker", "error"):
            frame[col] = frame[col].astype("string")
        frame["feasible"] = frame["feasible"].astype("boolean")
        for col in ("served", "unassigned"):
            frame[col] = frame[col].astype("Int64")
        for col in ("driving_min", "working_min"):
            frame[col] = frame[col].astype("Float64")
        return frame

    def __repr__(self) -> str:
        return f"PlanBatch(days={len(self)}, planned={len(self) - len(self._errors)}, failed={len(self._errors)})"


def _per_day(value: Any, n: int, what: str) -> list[Any]:
    """``value`` for every day: one value for all, or a list with one per day."""
    if isinstance(value, list):
        if len(value) != n:
            raise ValueError(f"{what}: {len(value)} given for {n} days (give one, or a list with one per day)")
        return list(value)
    return [value] * n


def _plan_one(day: Any, network: Any, matrix: Any, options: dict[str, Any]) -> Any:
    """Plans one day where it runs (a local thread or a Dask worker)."""
    if matrix is not None:
        return _tournee.plan(day, matrix=matrix, **options)
    return _tournee.plan(day, network=network, **options)


def _plan_remote(day: Any, network: Any, matrix: Any, options: dict[str, Any]) -> tuple:
    """A Dask task: the plan without its network (``("ok", plan JSON, day JSON, worker)``),
    or the error (``("error", exception, worker)``)."""
    try:
        from distributed import get_worker

        worker: Optional[str] = get_worker().address
    except Exception:  # run outside a worker (tests, synchronous schedulers)
        worker = None
    try:
        plan = _plan_one(day, network, matrix, options)
    except Exception as error:  # collected per day, never raised half-way
        try:
            pickle.dumps(error)
        except Exception:
            error = _tournee.TourneeError(f"{type(error).__name__}: {error}")
        return ("error", error, worker)
    state = plan.__reduce__()[1]
    return ("ok", state[0], state[2], worker)


def plan_many(
    days: Iterable[Any],
    *,
    network: Any = None,
    matrix: Any = None,
    client: Any = None,
    workers: Optional[int] = None,
    time_limit: Optional[float] = None,
    iterations: Optional[int] = None,
    threads: int = 1,
    seed: int = 1,
) -> PlanBatch:
    """Plans many days with the same options, in parallel; returns a :class:`PlanBatch` in
    input order, with the days that failed collected (never raised half-way).

    ``days`` are :class:`Day` objects or dicts in the day schema. ``network`` is one
    :class:`RoadNetwork` for every day or a list with one per day (several regions); ``matrix``
    likewise one travel matrix (as for :func:`plan`) or a list; with neither, the days are
    planned on the generated canton of :func:`default_day`. ``time_limit``, ``iterations``,
    ``seed`` are those of :func:`plan`, for each day; ``threads`` is the search threads of each
    day (default 1: days in parallel, each on one thread).

    Without ``client`` the days run on ``workers`` local threads (default: the number of
    cores). With a ``dask.distributed.Client`` they run on its cluster: each distinct network
    and matrix is scattered once to every worker, and each plan comes back without its
    network, which is attached again here (``pip install tournee[dask]``).

    >>> import tournee
    >>> days = [tournee.default_day()] * 3
    >>> batch = tournee.plan_many(days, iterations=2_000)          # doctest: +SKIP
    >>> batch.ok, batch.summary()[["index", "served", "driving_min"]]  # doctest: +SKIP

    :raises ValueError: a per-day list of the wrong length, or both network and matrix for a day.
    """
    days = list(days)
    n = len(days)
    networks = _per_day(network, n, "network")
    matrices = _per_day(matrix, n, "matrix")
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    options: dict[str, Any] = {"threads": threads, "seed": seed}
    if time_limit is not None:
        options["time_limit"] = time_limit
    if iterations is not None:
        options["iterations"] = iterations

    plans: list[Optional[_tournee.Plan]] = [None] * n
    errors: dict[int, DayPlanError] = {}
    names: list[Optional[str]] = [None] * n
    where: list[Optional[str]] = [None] * n
    # Days are read here first, so that a malformed one is reported with its index and the
    # others still go out.
    ready: list[int] = []
    for i, day in enumerate(days):
        try:
            if networks[i] is not None and matrices[i] is not None:
                raise ValueError("give either a network or a matrix for a day, not both")
            days[i] = day if isinstance(day, _tournee.Day) else _tournee.Day.from_dict(day)
            names[i] = days[i].name
            ready.append(i)
        except Exception as error:
            errors[i] = DayPlanError(i, names[i], error)

    if client is None:
        with cf.ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
            futures = {
                i: pool.submit(_plan_one, days[i], networks[i], matrices[i], options) for i in ready
            }
            for i, future in futures.items():
                try:
                    plans[i] = future.result()
                    where[i] = "local"
                except Exception as error:
                    errors[i] = DayPlanError(i, names[i], error)
    else:
        _run_on_dask(client, days, networks, matrices, options, ready, plans, errors, where, names)

    return PlanBatch(plans, [errors[i] for i in sorted(errors)], names, where)


def _run_on_dask(
    client: Any,
    days: list[Any],
    networks: list[Any],
    matrices: list[Any],
    options: dict[str, Any],
    ready: list[int],
    plans: list[Optional[_tournee.Plan]],
    errors: dict[int, DayPlanError],
    where: list[Optional[str]],
    names: list[Optional[str]],
) -> None:
    try:
        import distributed  # noqa: F401
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("plan_many(client=...) needs Dask: pip install 'tournee[dask]'") from e
    # Each distinct network / matrix once to every worker.
    shipped: dict[int, Any] = {}

    def ship(obj: Any) -> Any:
        if obj is None:
            return None
        key = id(obj)
        if key not in shipped:
            shipped[key] = client.scatter(obj, broadcast=True, hash=False)
        return shipped[key]

    futures = {
        i: client.submit(
            _plan_remote, days[i], ship(networks[i]), ship(matrices[i]), options, pure=False
        )
        for i in ready
    }
    for i, future in futures.items():
        try:
            outcome = future.result()
        except Exception as error:  # the worker died, or the task could not run
            errors[i] = DayPlanError(i, names[i], error)
            continue
        if outcome[0] == "error":
            errors[i] = DayPlanError(i, names[i], outcome[1])
            where[i] = outcome[2]
            continue
        _, text, day_text, worker = outcome
        try:
            plans[i] = _tournee.Plan._restore(text, networks[i], day_text, matrices[i])
            where[i] = worker
        except Exception as error:
            errors[i] = DayPlanError(i, names[i], error)
    for future in shipped.values():
        future.release()
