"""転移学習: a frozen feature extractor with a new head beats the same network trained from scratch on 25 labels."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/advanced/fine_tuning")


def test_two_tasks_with_disjoint_classes(ns):
    assert ns["X"].shape == (1797, 1, 16, 16)
    assert set(ns["y_a"].tolist()) == {0, 1, 2, 3, 4}
    assert len(ns["X_a"]) == int((ns["y"] < 5).sum())
    # Task B: five labelled images per class, the rest held out, no overlap.
    assert torch.bincount(ns["y_few"].cpu(), minlength=5).tolist() == [5] * 5
    assert len(ns["X_few"]) + len(ns["X_test"]) == int((ns["y"] >= 5).sum())
    assert not set(ns["few"].tolist()) & set(ns["rest"].tolist())
    assert len(ns["__figures__"]) == 1


def test_feature_extractor_learned_task_a(ns):
    assert ns["acc_a"] >= 0.95


def test_frozen_extractor_trains_only_the_head(ns):
    model_ft = ns["model_ft"]
    assert all(not p.requires_grad for p in ns["features"].parameters())
    assert all(p.requires_grad for p in model_ft[1].parameters())
    assert ns["n_trainable"] == 32 * 5 + 5
    assert ns["n_total"] == sum(p.numel() for p in model_ft.parameters())
    assert ns["unchanged"] is True


def test_transfer_beats_scratch_on_few_labels(ns):
    assert ns["acc_ft"] > ns["acc_scratch"] + 0.2
    # The model trained from scratch fits its 25 images perfectly: it overfits.
    assert ns["accuracy"](ns["model_scratch"], ns["X_few"], ns["y_few"]) == 1.0
    assert ns["accuracy"](ns["model_scratch"], ns["X_test"], ns["y_test"]) < 0.5


def test_resnet_head_replaced_and_preprocessing(ns):
    resnet = ns["resnet"]
    assert resnet.fc.out_features == 5
    assert ns["rn_trainable"] == 512 * 5 + 5
    assert ns["rn_total"] == sum(p.numel() for p in resnet.parameters())
    assert ns["rn_out"].shape == (1, 5)
    assert ns["batch"].shape == (1, 3, 224, 224)
    preprocess = ns["preprocess"]
    assert preprocess.crop_size == [224] and preprocess.resize_size == [256]
    assert preprocess.mean == [0.485, 0.456, 0.406]
    # The prose says the weights file is about 45 MB.
    assert 40 < ns["weights"].meta["_file_size"] < 50


def test_answer_more_labels_scratch_overtakes(ns):
    assert torch.bincount(ns["y_f"].cpu(), minlength=5).tolist() == [40] * 5
    assert not set(ns["ex1_few"].tolist()) & set(ns["ex1_rest"].tolist())
    assert ns["ex1_acc_scratch"] > ns["ex1_acc_ft"]
    # The frozen extractor gains much less from the extra labels than training from scratch.
    assert ns["ex1_acc_ft"] - ns["acc_ft"] < ns["ex1_acc_scratch"] - ns["acc_scratch"]


def test_answer_layer4_is_most_of_resnet(ns):
    assert ns["ex2_trainable"] == sum(p.numel() for p in ns["resnet"].layer4.parameters()) + 2565
    assert ns["ex2_trainable"] / ns["rn_total"] > 0.5  # 「大半を占めます」
