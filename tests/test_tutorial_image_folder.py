"""画像フォルダを読み込む: ImageFolder, separate train/eval transforms, Subset splits, and the errors own photos raise."""

import pytest
import torch
from PIL import Image, UnidentifiedImageError


@pytest.fixture(scope="module")
def ns(snippet):
    return snippet("tutorials/classification/image_folder")


def test_imagefolder_names_classes_after_folders(ns):
    plain = ns["plain"]
    assert plain.classes == ["china", "flower"]
    assert plain.class_to_idx == {"china": 0, "flower": 1}
    assert len(plain) == 120
    assert plain.targets.count(0) == plain.targets.count(1) == 60
    assert isinstance(ns["image0"], Image.Image) and ns["image0"].mode == "RGB"
    assert ns["label0"] == 0


def test_helper_writes_jpeg_and_png_of_many_sizes(ns, tmp_path):
    ns["make_photo_folder"](tmp_path, n_per_class=10)
    files = sorted(tmp_path.glob("*/*"))
    assert len(files) == 20 and {f.suffix for f in files} == {".jpg", ".png"}
    sizes = set()
    for f in files:
        with Image.open(f) as image:
            assert image.mode == "RGB"
            sizes.add(image.size)
        assert ns["can_open"](f) is True
    assert len(sizes) > 10 and all(12 <= s <= 48 for size in sizes for s in size)
    (tmp_path / "fake.jpg").write_text("not an image")
    assert ns["can_open"](tmp_path / "fake.jpg") is False


def test_train_transform_is_random_eval_transform_is_not(ns):
    assert ns["image0"].size != (32, 32)
    for name in ("train_a", "train_b", "eval_a", "eval_b"):
        assert ns[name].shape == (3, 32, 32) and ns[name].dtype == torch.float32
    assert ns["train_same"] is False and not torch.equal(ns["train_a"], ns["train_b"])
    assert ns["eval_same"] is True
    assert not torch.equal(ns["train_a"], ns["eval_a"])


def test_two_folders_and_subsets_split_train_val_test(ns):
    parts = ns["parts"]
    assert parts[0].dataset is parts[1].dataset is ns["plain"]
    train_ds, val_ds, test_ds = ns["train_ds"], ns["val_ds"], ns["test_ds"]
    assert train_ds.dataset is ns["train_folder"] and train_ds.dataset.transform is ns["train_tf"]
    assert val_ds.dataset is test_ds.dataset is ns["eval_folder"]
    assert ns["eval_folder"].transform is ns["eval_tf"]
    assert ns["train_folder"].samples == ns["eval_folder"].samples
    assert [len(train_ds), len(val_ds), len(test_ds)] == [72, 24, 24]
    indices = [set(d.indices) for d in (train_ds, val_ds, test_ds)]
    assert set().union(*indices) == set(range(120)) and sum(map(len, indices)) == 120
    assert ns["xb"].shape == (16, 3, 32, 32) and ns["xb"].dtype == torch.float32
    assert ns["yb"].shape == (16,) and ns["yb"].dtype == torch.int64
    # Exercise 2: the class counts of the training part.
    counts = ns["ex2_counts"]
    assert sum(counts.values()) == len(train_ds)
    assert counts["flower"] == sum(ns["train_folder"].targets[i] for i in train_ds.indices)


def test_default_loader_makes_gray_and_rgba_three_channels(ns):
    assert ns["shapes"] == {"gray.jpg": (3, 32, 32), "rgba.png": (3, 32, 32)}
    err = ns["err_rgba"]
    assert isinstance(err, RuntimeError)
    assert "size of tensor a (4) must match the size of tensor b (3)" in str(err)
    err = ns["err_channels"]
    assert isinstance(err, RuntimeError)
    assert "expected input[16, 3, 32, 32] to have 1 channels, but got 3 channels" in str(err)


def test_different_sizes_cannot_be_stacked(ns):
    for name in ("err_size", "ex1_error"):
        assert isinstance(ns[name], RuntimeError)
        assert "stack expects each tensor to be equal size" in str(ns[name])
    assert ns["ex1_shape"] == (4, 3, 32, 32)


def test_non_image_files(ns):
    # notes.txt is skipped by extension; broken.jpg is listed and fails only when read.
    assert len(ns["with_broken"]) == ns["n_on_disk"] - 1 == 123
    err = ns["err_broken"]
    assert isinstance(err, UnidentifiedImageError) and "cannot identify image file" in str(err)
    assert len(ns["cleaned"]) == ns["n_on_disk"] - 2
    assert ns["skipped"] == ["broken.jpg", "notes.txt"]


def test_one_titled_figure_and_no_files_left(ns):
    figures = ns["__figures__"]
    assert len(figures) == 1 and figures[0]._suptitle.get_text()
    assert not ns["root"].exists()
