"""view と reshape: shared storage, strides, the real view error, and when reshape copies."""

import torch


def test_view_shares_storage(snippet):
    ns = snippet("glossary/view_reshape")
    assert ns["m"].stride() == (4, 1) and ns["v"].stride() == (3, 1)
    assert ns["v"].data_ptr() == ns["m"].data_ptr() == ns["flat"].data_ptr()
    assert ns["shared_value"] == 100
    assert ns["flat"].tolist() == list(range(12))  # the page restores the value it wrote


def test_transpose_is_a_non_contiguous_view(snippet):
    ns = snippet("glossary/view_reshape")
    t = ns["t"]
    assert t.stride() == (1, 4)
    assert not t.is_contiguous()
    assert t.data_ptr() == ns["m"].data_ptr()
    assert "view size is not compatible with input tensor's size and stride" in ns["view_error"]
    assert "Use .reshape(...) instead" in ns["view_error"]


def test_reshape_copies_only_when_it_must(snippet):
    ns = snippet("glossary/view_reshape")
    assert ns["t_flat"].tolist() == [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]
    assert ns["t_flat"].data_ptr() != ns["m"].data_ptr()
    assert ns["m_flat"].data_ptr() == ns["m"].data_ptr()


def test_view_is_not_transpose(snippet):
    ns = snippet("glossary/view_reshape")
    assert ns["v"].shape == ns["t"].shape == (4, 3)
    assert not torch.equal(ns["v"], ns["t"])
    (fig,) = ns["__figures__"]
    assert len(fig.axes) == 4


def test_minus_one_infers_length(snippet):
    ns = snippet("glossary/view_reshape")
    assert ns["flattened"].shape == (8, 48)
