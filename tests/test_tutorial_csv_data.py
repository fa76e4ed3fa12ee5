"""CSV のデータで学習する: reading, missing values, leak-free preprocessing, Dataset, batched loops."""

import numpy as np
import pandas as pd
import pytest
import torch
from torch.utils.data import DataLoader, Dataset


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/classification/csv_data")


def test_reads_the_shipped_csv_with_its_metadata_row(ns):
    assert ns["first_line"] == "178,13,class_0,class_1,class_2"
    assert ns["class_names"] == ["class_0", "class_1", "class_2"]
    assert ns["raw"].shape == (178, 14)
    assert not ns["raw"].isna().any().any()  # the shipped file has no gaps
    assert not ns["my_csv"].exists()  # the temporary copy was removed


def test_the_copy_has_missing_values_and_text_columns(ns):
    df, missing = ns["df"], ns["missing"]
    assert df.shape == (178, 14)
    assert set(missing[missing > 0].index) == {"alcohol", "magnesium", "flavanoids", "hue"}
    assert missing.sum() == df.isna().sum().sum() > 0
    assert set(df["color"].unique()) == {"pale", "medium", "deep"}
    assert "color_intensity" not in df.columns
    assert set(df["class"]) == set(ns["class_names"])


def test_split_before_fitting_and_disjoint(ns):
    parts = [ns[k] for k in ("train_df", "val_df", "test_df")]
    assert [len(p) for p in parts] == [106, 35, 37]
    index_sets = [set(p.index) for p in parts]
    assert set().union(*index_sets) == set(range(178))
    assert sum(len(s) for s in index_sets) == 178


def test_nan_makes_loss_and_weights_nan(ns):
    assert torch.isnan(ns["nan_loss"])
    assert ns["nan_weights"] == ns["probe"].weight.numel()
    assert torch.isnan(ns["clean_out"]).all()


def test_preprocessing_uses_training_statistics_only(ns):
    train, stats, cols = ns["train_df"], ns["stats"], ns["numeric_cols"]
    median = train[cols].median()
    filled = train[cols].fillna(median)
    pd.testing.assert_series_equal(stats["median"], median)
    pd.testing.assert_series_equal(stats["mean"], filled.mean())
    pd.testing.assert_series_equal(stats["std"], filled.std())
    assert stats["colors"] == sorted(train["color"].unique())
    # Standardised training columns have mean 0 and standard deviation 1; the test split does not.
    X_train, X_test = ns["X_train"], ns["X_test"]
    assert np.allclose(X_train[cols].mean(), 0, atol=1e-5)
    assert np.allclose(X_train[cols].std(), 1, atol=1e-5)
    assert not np.allclose(X_test[cols].mean(), 0, atol=1e-2)
    # The leak: statistics over all rows differ from the training ones (the printed table).
    compare = ns["compare"]
    assert (compare["mean_train"] != compare["mean_all"]).all()
    assert (compare["std_train"] != compare["std_all"]).all()


def test_no_nan_remains_and_one_hot_columns_are_fixed(ns):
    for X in (ns["X_train"], ns["X_val"], ns["X_test"]):
        assert not X.isna().any().any()
        assert list(X.columns) == list(ns["X_train"].columns)
        onehot = X.filter(like="color_")
        assert onehot.shape[1] == 3 and (onehot.sum(axis=1) == 1).all()
    assert torch.isfinite(ns["train_ds"].X).all()
    # Exercise 1: an unseen colour becomes all zeros, with the same columns.
    assert list(ns["ex1_X"].columns) == list(ns["X_train"].columns)
    assert (ns["ex1_X"].filter(like="color_") == 0).all().all()


def test_dataset_and_loaders(ns):
    ds = ns["train_ds"]
    assert isinstance(ds, Dataset) and len(ds) == 106
    x, y = ds[0]
    assert x.dtype == torch.float32 and x.shape == (15,)
    assert y.dtype == torch.int64 and y.shape == ()
    assert isinstance(ns["train_loader"], DataLoader)
    assert ns["xb"].shape == (16, 15) and ns["yb"].dtype == torch.int64


def test_training_and_test_accuracy(ns):
    history = ns["history"]
    assert len(history) == 20 and all(len(h) == 3 for h in history)
    assert history[-1][0] < history[0][0] / 5
    assert history[-1][1] < history[0][1]  # validation loss fell too
    assert ns["test_acc"] >= 0.9
    evaluated = ns["evaluate"](ns["model"], ns["test_loader"], ns["loss_fn"], ns["device"])
    assert evaluated == (ns["test_loss"], ns["test_acc"])


def test_the_page_reports_its_device(ns):
    available = torch.accelerator.is_available()
    expected = torch.accelerator.current_accelerator().type if available else "cpu"
    assert ns["device"] == expected
    assert next(ns["model"].parameters()).device.type == expected
    # The weighted mean over batches equals the loss over the whole split at once.
    ds, model = ns["val_loader"].dataset, ns["model"]
    with torch.inference_mode():
        logits = model(ds.X.to(ns["device"]))
        full_loss = ns["loss_fn"](logits, ds.y.to(ns["device"])).item()
    assert ns["evaluate"](model, ns["val_loader"], ns["loss_fn"], ns["device"])[0] == pytest.approx(
        full_loss, rel=1e-5
    )
    # Exercise 2: rows with any gap that dropna() would discard.
    assert ns["ex2_lost"] == ns["train_df"].isna().any(axis=1).sum() > 0
