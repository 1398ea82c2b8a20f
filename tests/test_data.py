"""Bundled data sets and splits: the split must be scikit-learn's own."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import datasets as sk_datasets
from sklearn.model_selection import train_test_split

from pruning.data import DATASET_NAMES, load_dataset, split_dataset


@pytest.mark.parametrize("name", DATASET_NAMES)
def test_every_dataset_loads_with_consistent_shapes(name):
    dataset = load_dataset(name)
    assert dataset.X.dtype == np.float32 and dataset.y.dtype == np.int64
    assert dataset.X.shape == (len(dataset.y), len(dataset.feature_names))
    assert set(np.unique(dataset.y)) == set(range(dataset.n_classes))
    assert np.isfinite(dataset.X).all()


def test_digits_are_the_scikit_learn_digits_as_8x8_images():
    dataset = load_dataset("digits")
    reference = sk_datasets.load_digits()
    np.testing.assert_array_equal(dataset.X, reference.data.astype(np.float32))
    assert dataset.image_shape == (8, 8)


def test_synthetic_sets_are_deterministic():
    first = load_dataset.__wrapped__("moons")
    second = load_dataset.__wrapped__("moons")
    np.testing.assert_array_equal(first.X, second.X)


def test_unknown_dataset_is_a_key_error():
    with pytest.raises(KeyError):
        load_dataset("mnist")


@settings(max_examples=15, deadline=None)
@given(name=st.sampled_from(DATASET_NAMES), test_size=st.floats(0.1, 0.5),
       seed=st.integers(0, 2**31 - 1), stratify=st.booleans())
def test_train_test_split_equals_scikit_learn(name, test_size, seed, stratify):
    dataset = load_dataset(name)
    split = split_dataset(dataset, test_size=test_size, seed=seed, stratify=stratify)
    X_train, X_test, y_train, y_test = train_test_split(
        dataset.X, dataset.y, test_size=test_size, random_state=seed,
        stratify=dataset.y if stratify else None)
    np.testing.assert_array_equal(split.X_train, X_train)
    np.testing.assert_array_equal(split.y_test, y_test)
    assert not split.has_validation and split.X_val.shape == (0, dataset.n_features)


@settings(max_examples=10, deadline=None)
@given(val_size=st.floats(0.1, 0.4), seed=st.integers(0, 1000))
def test_validation_is_carved_from_training_and_parts_partition_the_data(val_size, seed):
    dataset = load_dataset("wine")
    split = split_dataset(dataset, test_size=0.25, val_size=val_size, seed=seed)
    plain = split_dataset(dataset, test_size=0.25, seed=seed)
    np.testing.assert_array_equal(split.X_test, plain.X_test)  # test part unchanged
    rows = np.vstack([split.X_train, split.X_val, split.X_test])
    assert len(rows) == len(dataset.X)
    assert len(np.unique(rows, axis=0)) == len(np.unique(dataset.X, axis=0))
    assert len(split.y_val) == pytest.approx(val_size * len(plain.y_train), abs=1)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.1, 1.5])
def test_impossible_test_size_is_refused(bad):
    with pytest.raises(ValueError, match="test_size"):
        split_dataset(load_dataset("iris"), test_size=bad)
