"""The generalisation page, headless: app.py, then /generalisation.

The tree curve is checked against scikit-learn's own pruned trees, the network curve
against single pruning experiments.
"""
from __future__ import annotations

import pytest
from sklearn.tree import DecisionTreeClassifier

from pruning.data import load_dataset, split_dataset
from pruning.experiment import NetworkRequest, run_network, sample_with_data
from pruning.i18n import t
from tests.app_pages import chart_titled, notices, page_opener, rerun

PAGE = "pages/generalisation.py"


@pytest.fixture
def open_page(monkeypatch):
    return page_opener(monkeypatch, PAGE)


def tree_chart(at, curve: str = "alpha") -> dict:
    return chart_titled(at, t(f"trees.figure.{curve}_title"))


def network_chart(at) -> dict:
    return chart_titled(at, t("generalisation_page.figure.title"))


def traces(spec: dict) -> dict[str, dict]:
    return {trace["name"]: trace for trace in spec["data"]}


def readings(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_tree_curve_matches_scikit_learn_and_marks_the_validation_choice(open_page):
    at = open_page()
    spec = tree_chart(at)
    lines = traces(spec)
    names = [t(f"trees.figure.{part}") for part in ("train", "val", "test")]
    assert all(name in lines for name in names)
    split = split_dataset(load_dataset("breast_cancer"), test_size=0.25, val_size=0.25, seed=0)
    path = DecisionTreeClassifier(random_state=0).cost_complexity_pruning_path(
        split.X_train, split.y_train)
    scores = []
    for alpha in path.ccp_alphas:
        tree = DecisionTreeClassifier(random_state=0, ccp_alpha=alpha).fit(split.X_train,
                                                                          split.y_train)
        scores.append((tree.score(split.X_val, split.y_val), tree.score(split.X_test,
                                                                        split.y_test)))
    assert lines[names[2]]["y"] == pytest.approx([100 * test for _, test in scores])
    best_val = max(val for val, _ in scores)
    chosen = max(i for i, (val, _) in enumerate(scores) if val == best_val)  # most pruned
    marker = lines[t("trees.figure.validation_choice")]  # validation chose it, not a slider
    assert marker["x"][0] == chosen
    full_test = scores[0][1]
    assert f"test {full_test:.1%}" in readings(at)


def test_switching_to_depth_shows_the_depth_curve(open_page):
    at = open_page()
    rerun(at.radio(key="tree_curve").set_value("depth"))
    spec = tree_chart(at, "depth")
    assert traces(spec)[t("trees.figure.test")]["x"][0] == 1


def test_network_curve_agrees_with_single_experiments_and_reads_this_run(open_page):
    at = open_page()
    lines = traces(network_chart(at))
    test = lines[t("generalisation_page.figure.test_accuracy")]
    train = lines[t("generalisation_page.figure.train_accuracy")]
    dense = run_network(NetworkRequest("mlp_overparam", "magnitude_global", 0.0))
    pruned = run_network(NetworkRequest("mlp_overparam", "magnitude_global", 0.95))
    assert test["y"][0] == pytest.approx(100 * dense.pruned.accuracy["test"])
    index = min(range(len(test["x"])), key=lambda i: abs(test["x"][i] - 5))  # 5% kept
    assert test["y"][index] == pytest.approx(100 * pruned.pruned.accuracy["test"])
    assert train["y"][0] == pytest.approx(100 * dense.pruned.accuracy["train"])
    text = readings(at)
    assert f"test {dense.pruned.accuracy['test']:.1%}" in text
    # the verdict shown is the one these numbers give
    chosen = lines[t("trees.figure.validation_choice")]  # named as on the tree chart
    n_test = len(sample_with_data("mlp_overparam")[1].y_test)
    samples = round((chosen["y"][2] - test["y"][0]) / 100 * n_test)
    verdict = "helps" if samples >= 3 else "hurts" if samples <= -3 else "no_change"
    assert t(f"generalisation_page.reading.{verdict}").split("**")[1] in text


def test_switching_network_changes_the_curve(open_page):
    at = open_page()
    before = traces(network_chart(at))[t("generalisation_page.figure.test_accuracy")]["y"]
    rerun(at.radio(key="network").set_value("mlp"))
    after = traces(network_chart(at))[t("generalisation_page.figure.test_accuracy")]["y"]
    dense = run_network(NetworkRequest("mlp", "magnitude_global", 0.0))
    assert after != before and after[0] == pytest.approx(100 * dense.pruned.accuracy["test"])


def test_a_link_opens_that_view(open_page):
    at = open_page(tree_curve="depth", dataset="wine", network="mlp")
    assert at.radio(key="tree_curve").value == "depth"
    assert at.selectbox(key="dataset").value == "wine"
    assert tree_chart(at, "depth")
    assert at.radio(key="network").value == "mlp"
    assert notices(at) == []


def test_a_bad_link_value_shows_a_notice(open_page):
    at = open_page(network="bogus")
    assert any("bogus" in notice and "network" in notice for notice in notices(at))
    assert at.radio(key="network").value == "mlp_overparam"
