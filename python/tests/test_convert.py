"""Notebook values into a day: numpy scalars and arrays, pandas' nullable types and missing
values, ``datetime.time`` / ``Timestamp`` / ``Timedelta`` for times and durations, in dicts
and in DataFrames, converted directly; errors name the path, or the frame, row and column."""

import datetime as dt
import io

import pytest

import tournee

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")


def matrix_day() -> dict:
    """Two visits and a nurse on matrix rows (no map needed)."""
    return {
        "carers": [{"id": "n1", "shift_start": "08:00", "shift_end": "12:00", "start_index": 0}],
        "visits": [
            {"id": "v1", "location_index": 1, "duration_min": 20, "windows": [["08:30", "09:30"]]},
            {"id": "v2", "location_index": 2, "duration_min": 15.5},
        ],
    }


def test_numpy_values_in_a_dict_equal_plain_ones():
    plain = tournee.Day.from_dict(matrix_day())
    d = matrix_day()
    d["visits"][0]["location_index"] = np.int64(1)
    d["visits"][0]["duration_min"] = np.int32(20)
    d["visits"][1]["duration_min"] = np.float64(15.5)
    d["visits"][1]["location_index"] = np.uint8(2)
    d["carers"][0]["start_index"] = np.array([0])[0]
    d["visits"][0]["windows"] = np.array([["08:30", "09:30"]])
    assert tournee.Day.from_dict(d) == plain


def test_times_and_durations_as_python_and_pandas_objects():
    plain = tournee.Day.from_dict(matrix_day())
    d = matrix_day()
    d["carers"][0]["shift_start"] = dt.time(8, 0)
    d["carers"][0]["shift_end"] = pd.Timedelta(hours=12)  # since midnight
    d["visits"][0]["windows"] = [[pd.Timestamp("2026-12-07 08:30"), np.datetime64("2026-12-07T09:30")]]
    d["visits"][0]["duration_min"] = pd.Timedelta(minutes=20)
    d["visits"][1]["duration_min"] = dt.timedelta(minutes=15, seconds=30)
    assert tournee.Day.from_dict(d) == plain
    seconds = matrix_day()
    seconds["visits"][0]["windows"] = [(dt.time(8, 30, 15, 500_000), "09:30")]
    assert tournee.Day.from_dict(seconds).to_dict()["visits"][0]["windows"][0][0] == "08:30:15.5"


def test_missing_values_are_absent_fields():
    d = matrix_day()
    d["visits"][1]["patient"] = pd.NA
    d["visits"][1]["not_before"] = None
    d["visits"][1]["pinned_start"] = pd.NaT
    assert tournee.Day.from_dict(d) == tournee.Day.from_dict(matrix_day())


def test_bad_values_in_a_dict_name_their_path():
    d = matrix_day()
    d["visits"][1]["duration_min"] = "long"
    with pytest.raises(tournee.PlanInputError, match=r"visits\[1\]\.duration_min") as e:
        tournee.Day.from_dict(d)
    assert e.value.file == "day"
    d = matrix_day()
    d["visits"][0]["windows"] = [[dt.time(8), object()]]
    with pytest.raises(tournee.PlanInputError, match=r"day\.visits\[0\]\.windows\[0\]\[1\]: a object") as e:
        tournee.Day.from_dict(d)
    assert e.value.item == "day.visits[0].windows[0][1]"
    d = matrix_day()
    d["visits"][0]["windows"] = [[pd.Timedelta(hours=30), "09:00"]]
    with pytest.raises(tournee.PlanInputError, match="30.000 h is not a time of day"):
        tournee.Day.from_dict(d)


def test_events_from_numpy_and_timedelta_values():
    m = np.array([[0, 600, 600], [600, 0, 600], [600, 600, 0]], dtype=float)
    p = tournee.plan(matrix_day(), matrix=(m, m * 10),
                     iterations=50, threads=1)
    re = p.replan("08:05", [
        {"kind": "duration_changed", "visit": "v2", "duration_min": pd.Timedelta(minutes=np.int64(40))},
        {"kind": "carer_delayed", "carer": "n1", "minutes": np.float32(5)},
    ], iterations=50, threads=1)
    assert re.updated_day.to_dict()["visits"][1]["duration_min"] == 40


# --- DataFrames --------------------------------------------------------------------------------


def frames_of(day: "tournee.Day") -> tuple:
    csv = day.to_csv()
    return tuple(pd.read_csv(io.StringIO(csv[k])) for k in ("visits", "carers"))


def test_typed_frames_equal_the_csv_reading():
    day = tournee.Day.from_dict(matrix_day())
    visits = pd.DataFrame({
        "id": pd.array(["v1", "v2"], dtype="string"),
        "location_index": pd.array([1, 2], dtype="Int64"),
        "duration_min": [pd.Timedelta(minutes=20), pd.Timedelta(minutes=15.5)],
        "window_start": [dt.time(8, 30), None],
        "window_end": pd.array([pd.Timestamp("2026-12-07 09:30"), pd.NaT]),
        "priority": pd.array([pd.NA, pd.NA], dtype="Float64"),
    })
    carers = pd.DataFrame({
        "id": ["n1"], "shift_start": [pd.Timedelta(hours=8)], "shift_end": ["12:00"],
        "start_index": np.array([0], dtype=np.int16),
    })
    assert tournee.Day.from_frames(visits, carers) == day
    assert tournee.Day.from_frames(visits, carers, date=dt.date(2026, 12, 7)) == day


def test_a_timestamp_on_another_day_names_row_and_column():
    visits = pd.DataFrame({"id": ["v1", "v2"], "duration_min": [20, 15], "location_index": [1, 2],
                           "window_start": [pd.Timestamp("2026-12-07 08:00"), pd.Timestamp("2026-12-08 08:00")],
                           "window_end": ["12:00", "12:00"]})
    carers = pd.DataFrame({"id": ["n1"], "shift_start": ["08:00"], "shift_end": ["12:00"], "start_index": [0]})
    with pytest.raises(tournee.PlanInputError, match="visits frame, row 1, column window_start: .*not on the day planned") as e:
        tournee.Day.from_frames(visits, carers, date=dt.date(2026, 12, 7))
    assert (e.value.frame, e.value.row, e.value.column) == ("visits", 1, "window_start")


def test_bad_frames_name_row_and_column():
    carers = pd.DataFrame({"id": ["n1"], "shift_start": ["08:00"], "shift_end": ["12:00"], "start_index": [0]})
    visits = pd.DataFrame({"id": ["v1", "v2"], "duration_min": [20.0, np.nan], "location_index": [1, 2]})
    with pytest.raises(tournee.PlanInputError, match="visits frame, row 1, column duration_min: this cell is required") as e:
        tournee.Day.from_frames(visits, carers)
    assert (e.value.frame, e.value.row, e.value.column) == ("visits", 1, "duration_min")
    with pytest.raises(tournee.PlanInputError, match="visits frame, column duration_min: this required column is missing") as e:
        tournee.Day.from_frames(visits.drop(columns="duration_min"), carers)
    assert e.value.row is None
    with pytest.raises(tournee.PlanInputError, match="carers frame, row 0, column shift_start"):
        tournee.Day.from_frames(visits.fillna(5), carers.assign(shift_start=[3.5]))
    nan_place = pd.DataFrame({"id": ["v1"], "duration_min": [20], "lon": [np.nan], "lat": [45.0]})
    on_map = pd.DataFrame({"id": ["n1"], "shift_start": ["08:00"], "shift_end": ["12:00"],
                           "start_lon": [2.6], "start_lat": [45.1]})
    with pytest.raises(tournee.PlanInputError, match="visits frame, row 0, column lon"):
        tournee.Day.from_frames(nan_place, on_map)
