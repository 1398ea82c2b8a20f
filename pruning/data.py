"""Bundled data sets and deterministic splits.

Every data set ships with scikit-learn or is generated from a seed: nothing is
downloaded. Splits follow :func:`sklearn.model_selection.train_test_split` exactly,
so ``split_dataset(load_dataset("iris"), test_size=0.25, seed=0)`` gives the same
train and test rows as ``train_test_split(X, y, test_size=0.25, random_state=0,
stratify=y)``. An optional validation split is then carved out of the training part
with the same seed (``val_size`` is a fraction of the training part).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from sklearn import datasets as sk_datasets
from sklearn.model_selection import train_test_split

DATASET_NAMES = ("digits", "breast_cancer", "iris", "wine", "moons", "circles")
TWO_D_DATASETS = ("moons", "circles")
SYNTHETIC_SAMPLES = 600
SYNTHETIC_SEED = 0


@dataclass(frozen=True, eq=False)
class Dataset:
    """Features and labels of one data set.

    Attributes
    ----------
    name : str
        Key of the data set (one of ``DATASET_NAMES`` or a user's own).
    X : ndarray of shape (n_samples, n_features), float32
    y : ndarray of shape (n_samples,), int64
        Class indices ``0 .. n_classes - 1``.
    feature_names, class_names : tuple of str
    image_shape : tuple of int or None
        ``(height, width)`` when each row is an image (digits: 8 x 8).
    """

    name: str
    X: np.ndarray
    y: np.ndarray
    feature_names: tuple[str, ...]
    class_names: tuple[str, ...]
    image_shape: tuple[int, int] | None = None

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    @property
    def n_features(self) -> int:
        return self.X.shape[1]


@dataclass(frozen=True, eq=False)
class Split:
    """Train / validation / test parts of a data set and how they were made.

    ``X_val`` and ``y_val`` are empty (0 rows) when ``val_size`` is 0.
    """

    dataset: Dataset
    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    test_size: float
    val_size: float
    seed: int
    stratify: bool

    @property
    def has_validation(self) -> bool:
        return len(self.y_val) > 0

    def describe(self) -> dict:
        """Plain-data description (sizes and parameters) for results and JSON."""
        return {
            "dataset": self.dataset.name,
            "test_size": self.test_size,
            "val_size": self.val_size,
            "seed": self.seed,
            "stratify": self.stratify,
            "n_train": int(len(self.y_train)),
            "n_val": int(len(self.y_val)),
            "n_test": int(len(self.y_test)),
        }


def _from_bunch(name: str, bunch, image_shape=None) -> Dataset:
    return Dataset(
        name=name,
        X=np.asarray(bunch.data, dtype=np.float32),
        y=np.asarray(bunch.target, dtype=np.int64),
        feature_names=tuple(str(f) for f in bunch.feature_names),
        class_names=tuple(str(c) for c in bunch.target_names),
        image_shape=image_shape,
    )


def _synthetic(name: str, X: np.ndarray, y: np.ndarray) -> Dataset:
    return Dataset(
        name=name,
        X=X.astype(np.float32),
        y=y.astype(np.int64),
        feature_names=("x1", "x2"),
        class_names=("0", "1"),
    )


@functools.cache
def load_dataset(name: str) -> Dataset:
    """Load one bundled data set by name.

    Parameters
    ----------
    name : {"digits", "breast_cancer", "iris", "wine", "moons", "circles"}

    Returns
    -------
    Dataset

    Raises
    ------
    KeyError
        If ``name`` is not a bundled data set.
    """
    if name == "digits":
        return _from_bunch(name, sk_datasets.load_digits(), image_shape=(8, 8))
    if name == "breast_cancer":
        return _from_bunch(name, sk_datasets.load_breast_cancer())
    if name == "iris":
        return _from_bunch(name, sk_datasets.load_iris())
    if name == "wine":
        return _from_bunch(name, sk_datasets.load_wine())
    if name == "moons":
        X, y = sk_datasets.make_moons(SYNTHETIC_SAMPLES, noise=0.3, random_state=SYNTHETIC_SEED)
        return _synthetic(name, X, y)
    if name == "circles":
        X, y = sk_datasets.make_circles(
            SYNTHETIC_SAMPLES, noise=0.2, factor=0.5, random_state=SYNTHETIC_SEED
        )
        return _synthetic(name, X, y)
    raise KeyError(name)


def split_dataset(
    dataset: Dataset,
    test_size: float = 0.25,
    val_size: float = 0.0,
    seed: int = 0,
    stratify: bool = True,
) -> Split:
    """Split a data set into train / validation / test, reproducibly.

    Parameters
    ----------
    dataset : Dataset
    test_size : float in (0, 1)
        Fraction of all rows held out for testing, as in ``train_test_split``.
    val_size : float in [0, 1)
        Fraction of the *training* part held out for validation (0: none).
    seed : int
        ``random_state`` of both splits.
    stratify : bool
        Keep class proportions in every part.

    Returns
    -------
    Split
    """
    if not 0.0 < test_size < 1.0:
        raise ValueError(f"test_size must be in (0, 1), got {test_size}")
    if not 0.0 <= val_size < 1.0:
        raise ValueError(f"val_size must be in [0, 1), got {val_size}")
    X, y = dataset.X, dataset.y
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=seed, stratify=y if stratify else None
    )
    if val_size > 0:
        X_train, X_val, y_train, y_val = train_test_split(
            X_train,
            y_train,
            test_size=val_size,
            random_state=seed,
            stratify=y_train if stratify else None,
        )
    else:
        X_val = X[:0]
        y_val = y[:0]
    return Split(dataset, X_train, y_train, X_val, y_val, X_test, y_test,
                 test_size, val_size, seed, stratify)
