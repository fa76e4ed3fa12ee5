"""畳み込み: a hand-computed 3×3 window sum equals Conv2d; output sizes, weight shapes, edges."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/convolution")


def test_hand_computation_equals_conv2d(ns):
    torch.testing.assert_close(ns["by_layer"], ns["by_hand"])
    # cross-correlation, not a flipped kernel: the top-left value by definition
    expected = (ns["image"][:3, :3] * ns["kernel"]).sum()
    assert ns["by_layer"][0, 0].item() == pytest.approx(expected.item())


def test_output_size_formula(ns):
    rows = ns["size_rows"]
    assert len(rows) == 5
    for _k, _p, _s, measured, formula in rows:
        assert measured == formula
    assert [r[3] for r in rows] == [26, 28, 14, 14, 13]


def test_channels_and_weight_shape(ns):
    assert ns["y_rgb"].shape == (4, 8, 32, 32)
    assert ns["w"].shape == (8, 3, 3, 3)
    assert ns["b"].shape == (8,)
    assert ns["channel0_diff"] < 1e-5
    assert ns["conv_params"] == 8 * 3 * 3 * 3 + 8
    assert ns["linear_params"] > 100_000 * ns["conv_params"]


def test_edge_filters_respond_to_their_direction(ns):
    crop, response = ns["crop"], ns["response"]
    assert response.shape == (2, crop.shape[0] - 2, crop.shape[1] - 2)
    # a vertical step excites the vertical-edge channel only
    step = torch.zeros(1, 1, 6, 6)
    step[..., 3:] = 1.0
    with torch.no_grad():
        out = ns["edges"](step)[0]
    assert out[0].abs().max() > 1.0
    assert out[1].abs().max() == 0.0
    assert len(ns["__figures__"]) == 1
