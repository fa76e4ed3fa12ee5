"""検証データ: a seeded 6:2:2 split; a hyperparameter chosen on validation, tested once;
picking the best of many chance-level models on one split is optimistic on fresh data."""

import pytest


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/validation_data")


def test_split_sizes_and_disjoint(ns):
    assert [len(s) for s in ns["splits"].values()] == [1079, 359, 359]
    assert ns["overlap"] == 0
    assert set().union(*ns["index_sets"]) == set(range(1797))


def test_hyperparameter_chosen_on_validation(ns):
    val_accs = ns["val_accs"]
    assert ns["best_wd"] == max(val_accs, key=val_accs.get)
    assert val_accs[ns["best_wd"]] > 0.9
    assert 0.9 < ns["test_acc"] < val_accs[ns["best_wd"]]  # the prose: test came out lower


def test_selection_on_test_is_optimistic(ns):
    acc_test, acc_fresh, chosen = ns["acc_test"], ns["acc_fresh"], ns["chosen"]
    assert acc_test[chosen] == acc_test.max()
    assert acc_test[chosen] - acc_fresh[chosen] > 0.03
    assert abs(acc_fresh[chosen].item() - 0.5) < 0.03


def test_every_repetition_is_optimistic(ns):
    gaps = ns["gaps"]
    assert len(gaps) == 20
    assert min(gaps) > 0
    assert len(ns["__figures__"]) == 1
