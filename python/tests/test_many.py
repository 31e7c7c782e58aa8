"""plan_many: many days on local threads or a Dask cluster, results in input order, errors per
day collected; the same plans either way under an iteration limit; the network shipped once per
worker."""

import os
import pickle

import pytest

import tournee
from tournee import _pickle

OPTIONS = {"iterations": 300, "threads": 1, "seed": 3}


def days(n):
    """``n`` different days: the default day with a visit less each time."""
    base = tournee.default_day().to_dict()
    out = []
    for k in range(n):
        d = {**base, "name": f"day {k}", "visits": base["visits"][: len(base["visits"]) - k]}
        # a link naming a removed visit would be an error: keep those whose visits remain
        ids = {v["id"] for v in d["visits"]}
        d["links"] = [l for l in base["links"] if l["first"] in ids and l["second"] in ids]
        out.append(tournee.Day.from_dict(d))
    return out


def content(plan):
    d = plan.to_dict()
    d.pop("search")  # elapsed time
    return d


def test_local_threads_give_the_plans_of_plan_in_input_order(canton):
    ds = days(3)
    batch = tournee.plan_many(ds, network=canton, workers=2, **OPTIONS)
    assert batch.ok and len(batch) == 3 and batch.errors == []
    for day, p in zip(ds, batch):
        assert p is not None and p.name == day.name
        assert content(p) == content(tournee.plan(day, network=canton, **OPTIONS))
    assert batch.workers == ["local"] * 3
    table = batch.summary()
    assert list(table["index"]) == [0, 1, 2]
    assert list(table["status"]) == ["planned"] * 3
    assert table["served"].tolist() == [p.totals["served"] for p in batch]
    assert str(table["driving_min"].dtype) == "Float64"


def test_a_failing_day_is_collected_with_its_index_and_the_others_are_planned(canton):
    good = days(2)
    bad_dict = {"carers": [], "visits": [{"id": "v", "location": [2.6, 45.1], "duration_min": -5}]}
    # a day that reads but cannot be planned (a visit outside the map)
    far = good[0].to_dict()
    far["name"] = "far away"
    far["visits"][0]["location"] = [7.5, 47.0]
    batch = tournee.plan_many([good[0], bad_dict, far, good[1]], network=canton, **OPTIONS)
    assert not batch.ok
    assert [e.index for e in batch.errors] == [1, 2]
    assert batch[1] is None and batch[2] is None
    assert batch[0] is not None and batch[3] is not None
    first, second = batch.errors
    assert isinstance(first, tournee.DayPlanError) and isinstance(first, tournee.TourneeError)
    assert isinstance(first.error, tournee.PlanInputError) and "no carer" in str(first)
    assert str(second).startswith("day 2 (far away): PlanInputError:") and "outside the map" in str(second)
    assert second.__cause__ is second.error
    with pytest.raises(tournee.DayPlanError, match="^day 1"):
        batch.raise_errors()
    table = batch.summary()
    assert list(table["status"]) == ["planned", "failed", "failed", "planned"]
    assert table["error"].isna().tolist() == [True, False, False, True]
    # the error pickles (Dask ships it back)
    back = pickle.loads(pickle.dumps(first))
    assert back.index == 1 and str(back) == str(first)


def test_one_network_or_matrix_per_day_and_bad_lengths(canton):
    m = [[0, 600, 900], [600, 0, 300], [900, 300, 0]]
    on_matrix = {
        "name": "matrix day",
        "carers": [{"id": "n1", "shift_start": "08:00", "shift_end": "12:00", "start_index": 0}],
        "visits": [{"id": "v1", "location_index": 1, "duration_min": 20},
                   {"id": "v2", "location_index": 2, "duration_min": 15}],
    }
    batch = tournee.plan_many(
        [days(1)[0], on_matrix],
        network=[canton, None],
        matrix=[None, (m, [[x * 10 for x in r] for r in m])],
        **OPTIONS,
    )
    assert batch.ok, batch.errors
    assert batch[1].totals["served"] == 2 and batch[1].totals["driving_min"] == pytest.approx(30.0)  # 0 -> 1 -> 2 -> 0
    with pytest.raises(ValueError, match="network: 1 given for 2 days"):
        tournee.plan_many(days(2), network=[canton], **OPTIONS)
    with pytest.raises(ValueError, match="workers must be at least 1"):
        tournee.plan_many(days(1), workers=0, **OPTIONS)
    both = tournee.plan_many([on_matrix], network=canton, matrix=(m, m), **OPTIONS)
    assert "not both" in str(both.errors[0])


def test_on_a_dask_cluster_the_same_plans_and_the_network_once_per_worker(canton):
    distributed = pytest.importorskip(
        "distributed", reason="Dask is an optional extra: pip install 'tournee[dask]'"
    )
    ds = days(6)
    bad = {"name": "bad", "carers": "none"}
    local = tournee.plan_many(ds + [bad], network=canton, **OPTIONS)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        silence_logs=40,
    ) as cluster, distributed.Client(cluster) as client:
        batch = tournee.plan_many(ds + [bad], network=canton, client=client, **OPTIONS)
        loads = client.run(lambda: __import__("tournee._pickle").__dict__["_pickle"].network_loads)
        pids = set(client.run(os.getpid).values())
    assert len(batch) == 7 and [e.index for e in batch.errors] == [6]
    for a, b in zip(local[:6], batch[:6]):
        assert content(a) == content(b)
    # planned on both workers, each got the network once (not once per day)
    assert len(pids) == 2 and os.getpid() not in pids
    assert sorted(loads.values()) == [1, 1]
    assert len({w for w in batch.workers[:6]}) == 2
    # plans came back without the network and have the caller's again: they draw and re-plan
    assert batch[0].geojson() == local[0].geojson()
    first = next(r for r in batch[0].to_dict()["rounds"] if r["visits"])
    event = [{"kind": "carer_absent", "carer": first["carer"], "from": "10:00"}]
    assert (
        batch[0].replan("10:00", event, **OPTIONS).plan.to_dict()["rounds"]
        == local[0].replan("10:00", event, **OPTIONS).plan.to_dict()["rounds"]
    )


def test_a_network_is_counted_when_unpickled(canton):
    before = _pickle.network_loads
    pickle.loads(pickle.dumps(canton))
    assert _pickle.network_loads == before + 1
