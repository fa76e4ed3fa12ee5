"""トランスフォーム: the v2 preprocessing pipeline, stage by stage, on scikit-learn's flower photo."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/transforms")


def test_input_photo(ns):
    assert ns["photo"].size == (640, 427)
    assert ns["photo"].mode == "RGB"


def test_each_stage_has_the_expected_shape_and_dtype(ns):
    to_image, resized, cropped, scaled, normalized = ns["stages"][1:]
    assert to_image.shape == (3, 427, 640) and to_image.dtype == torch.uint8
    assert min(resized.shape[1:]) == 256  # short side to 256, aspect ratio kept
    assert resized.shape[2] == pytest.approx(640 * 256 / 427, abs=1)
    assert cropped.shape == (3, 224, 224) and cropped.dtype == torch.uint8
    assert scaled.dtype == torch.float32
    assert torch.allclose(scaled, cropped.float() / 255)
    assert scaled.min().item() >= 0.0 and scaled.max().item() <= 1.0
    assert torch.equal(ns["x"], normalized)


def test_normalize_is_per_channel_affine(ns):
    scaled, x = ns["stages"][4], ns["x"]
    mean = torch.tensor(ns["imagenet_mean"]).view(3, 1, 1)
    std = torch.tensor(ns["imagenet_std"]).view(3, 1, 1)
    torch.testing.assert_close(x, (scaled - mean) / std)
    torch.testing.assert_close(ns["restored"], scaled)  # undoing it for display is exact here
    for c in range(3):
        assert x[c].std().item() == pytest.approx(
            scaled[c].std().item() / ns["imagenet_std"][c], rel=1e-4
        )
    assert x.min().item() < 0  # why it cannot be shown as an image directly


def test_random_train_transform_is_seeded(ns):
    assert ns["train_a"].shape == (3, 224, 224)
    assert not torch.equal(ns["train_a"], ns["train_b"])
    torch.manual_seed(0)  # reproducible with the seed
    assert torch.equal(ns["train_transform"](ns["photo"]), ns["train_a"])
    assert ns["train_transform"].transforms[-1] is ns["preprocess"].transforms[-1]  # same Normalize
    assert torch.equal(ns["preprocess"](ns["photo"]), ns["x"])


def test_before_after_figures(ns):
    assert len(ns["__figures__"]) == 2
    titles = [ax.get_title() for ax in ns["__figures__"][0].axes]
    assert titles == ["変換前（640×427）", "変換後（224×224）"]
