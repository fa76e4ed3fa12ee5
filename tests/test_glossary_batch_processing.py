"""バッチ処理: batching changes neither outputs nor gradients, only the time taken."""

import pytest
import torch


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("glossary/batch_processing")


def test_batched_output_equals_one_by_one(ns):
    assert ns["X"].shape == (1797, 64)
    assert ns["batched"].shape == (1797, 10)
    torch.testing.assert_close(ns["one_by_one"], ns["batched"], rtol=1e-5, atol=1e-5)


def test_batch_gradient_is_mean_of_per_sample_gradients(ns):
    assert len(ns["per_sample"]) == 16
    assert ns["batch_grad"].shape == (10, 64)
    torch.testing.assert_close(ns["batch_grad"], ns["mean_grad"], rtol=1e-5, atol=1e-6)
    # and not trivially zero
    assert ns["batch_grad"].abs().max().item() > 1e-3


def test_chunks_cover_the_data_and_batching_is_faster(ns):
    seconds = ns["seconds"]
    assert sorted(seconds) == ns["chunk_sizes"]
    assert all(t > 0 for t in seconds.values())
    assert seconds[1] > seconds[1797]
    assert ns["speedup"] == pytest.approx(seconds[1] / seconds[1797])
    assert len(ns["__figures__"]) == 1
