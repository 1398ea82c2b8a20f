"""Tree diagrams: valid DOT rendered by graphviz, pruned part grey, deep trees collapsed."""
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import graphviz
import pytest

from pruning.data import load_dataset, split_dataset
from pruning.figures.trees import CLASS_COLOURS, GREY_FILL, tree_diagram
from pruning.i18n import t
from pruning.trees import TreeOptions, prune_tree

SVG = "{http://www.w3.org/2000/svg}"
FAST = {"latency_repeats": 1}
DASHED = "5,2"  # how graphviz's SVG draws style=dashed


def render(graph: graphviz.Digraph) -> dict[str, dict]:
    """Run ``dot -Tsvg`` on the diagram; return each drawn node's fill, dashes and text."""
    dot = shutil.which("dot")
    if dot is None:
        if os.environ.get("CI") == "true":
            pytest.fail("graphviz 'dot' is required on CI")
        pytest.skip("graphviz 'dot' is not installed")
    completed = subprocess.run([dot, "-Tsvg"], input=graph.source.encode(),
                               capture_output=True, timeout=60, check=False)
    assert completed.returncode == 0 and not completed.stderr, completed.stderr.decode()
    nodes = {}
    for group in ET.fromstring(completed.stdout).iter(f"{SVG}g"):
        if group.get("class") != "node":
            continue
        shape = next(e for e in group if e.tag in (f"{SVG}path", f"{SVG}polygon"))
        nodes[group.find(f"{SVG}title").text] = {
            "fill": shape.get("fill", "").upper(),
            "dashed": shape.get("stroke-dasharray") == DASHED,  # dotted is "1,5"
            "text": "\n".join(e.text or "" for e in group.iter(f"{SVG}text")),
        }
    return nodes


@pytest.fixture(scope="module")
def cancer():
    split = split_dataset(load_dataset("breast_cancer"), val_size=0.25, seed=0)
    return split, prune_tree(split, "reduced_error", TreeOptions(**FAST))


def test_every_node_is_drawn_with_its_test_impurity_samples_and_classes(cancer):
    split, result = cancer
    names = split.dataset.feature_names
    tree = result.full_tree
    nodes = render(tree_diagram(tree, feature_names=names,
                                class_names=split.dataset.class_names))
    assert set(nodes) == {f"n{i}" for i in range(tree.n_nodes)}
    for i in range(tree.n_nodes):
        text = nodes[f"n{i}"]["text"]
        if not tree.is_leaf(i):
            assert f"{names[tree.feature[i]]} ≤ {tree.threshold[i]:.4g}" in text
        assert f"gini = {tree.impurity[i]:.3f}" in text
        assert f"samples = {tree.samples[i]}" in text
        assert ", ".join(map(str, tree.class_counts[i])) in text
        assert split.dataset.class_names[tree.majority_class(i)] in text


def test_cut_nodes_are_grey_and_dashed_and_no_other_node_is(cancer):
    _, result = cancer
    assert result.cut_nodes
    nodes = render(tree_diagram(result.full_tree, greyed_nodes=result.cut_nodes))
    for i in range(result.full_tree.n_nodes):
        greyed = i in result.cut_nodes
        assert (nodes[f"n{i}"]["fill"] == GREY_FILL) == greyed
        assert nodes[f"n{i}"]["dashed"] == greyed


def test_a_result_draws_its_pruned_tree(cancer):
    _, result = cancer
    nodes = render(tree_diagram(result, title="After"))
    assert len(nodes) == result.n_nodes
    assert all(not node["dashed"] for node in nodes.values())


def test_pure_nodes_have_their_class_colour_and_mixed_nodes_a_lighter_one(cancer):
    _, result = cancer
    tree = result.full_tree
    source = tree_diagram(tree).source
    fills = dict(re.findall(r'\b(n\d+) \[.*fillcolor="(#[0-9A-F]{6})"', source))
    for i in range(tree.n_nodes):
        colour = CLASS_COLOURS[tree.majority_class(i)]
        pure = max(tree.class_counts[i]) == tree.samples[i]
        if pure:
            assert fills[f"n{i}"] == colour
        else:
            lighter = [int(fills[f"n{i}"][k:k + 2], 16) >= int(colour[k:k + 2], 16)
                       for k in (1, 3, 5)]
            assert all(lighter) and fills[f"n{i}"] != colour


def test_deep_trees_collapse_below_the_display_depth():
    split = split_dataset(load_dataset("digits"), seed=0)
    result = prune_tree(split, "none", TreeOptions(**FAST))
    tree = result.tree
    assert tree.depth >= 10
    depths = tree.node_depths()
    nodes = render(tree_diagram(tree, display_depth=3))
    drawn = {int(k[1:]) for k in nodes if k.startswith("n")}
    assert drawn == {i for i in range(tree.n_nodes) if depths[i] <= 3}
    collapsed = {int(k[4:]): v["text"] for k, v in nodes.items() if k.startswith("more")}
    assert set(collapsed) == {i for i in drawn if depths[i] == 3 and not tree.is_leaf(i)}
    hidden = 0
    for node, text in collapsed.items():
        count = len(tree.descendants(node))
        assert t("trees.diagram.more", count=count) in text
        hidden += count
    assert len(drawn) + hidden == tree.n_nodes


def test_a_collapsed_part_that_was_all_pruned_is_grey():
    split = split_dataset(load_dataset("digits"), seed=0)
    result = prune_tree(split, "cost_complexity", TreeOptions(ccp_alpha=0.02, **FAST))
    full = result.full_tree
    nodes = render(tree_diagram(full, greyed_nodes=result.cut_nodes, display_depth=2))
    cut = set(result.cut_nodes)
    checked = 0
    for key, node in nodes.items():
        if key.startswith("more"):
            hidden = set(full.descendants(int(key[4:])))
            assert node["dashed"] == hidden.issubset(cut)
            checked += hidden.issubset(cut)
    assert checked  # at least one wholly pruned part below depth 2


def test_root_branches_say_which_way_is_yes():
    split = split_dataset(load_dataset("iris"), seed=0)
    source = tree_diagram(prune_tree(split, "none", TreeOptions(**FAST)).tree).source
    left, right = re.findall(r"n0 -> n\d+ \[label=(\w+)", source)
    assert (left, right) == (t("trees.diagram.yes"), t("trees.diagram.no"))


def test_bad_requests_are_catalogue_errors(cancer):
    _, result = cancer
    n_nodes = result.full_tree.n_nodes
    with pytest.raises(ValueError) as error:
        tree_diagram(result.full_tree, greyed_nodes=[n_nodes])
    assert str(error.value) == t("trees.errors.unknown_node", node=n_nodes, n_nodes=n_nodes)
    with pytest.raises(ValueError) as error:
        tree_diagram(result.full_tree, display_depth=-1)
    assert str(error.value) == t("trees.errors.display_depth", value=-1)


def _svg_width(graph: graphviz.Digraph) -> float:
    completed = subprocess.run([shutil.which("dot"), "-Tsvg"], input=graph.source.encode(),
                               capture_output=True, timeout=60, check=True)
    return float(re.search(rb'<svg width="([\d.]+)pt"', completed.stdout).group(1))


def test_compact_labels_keep_the_split_the_rows_and_the_class(cancer):
    split, result = cancer
    names, classes = split.dataset.feature_names, split.dataset.class_names
    tree = result.full_tree
    nodes = render(tree_diagram(tree, feature_names=names, class_names=classes,
                                labels="compact"))
    for i in range(tree.n_nodes):
        text = nodes[f"n{i}"]["text"]
        words = " ".join(text.split("\n"))  # long names are wrapped over lines
        if not tree.is_leaf(i):
            assert f"{names[tree.feature[i]]} ≤ {tree.threshold[i]:.4g}" in words
        rows = tree.samples[i]
        assert (t("trees.diagram.compact_samples_one") if rows == 1
                else t("trees.diagram.compact_samples", samples=rows)) in text
        assert classes[tree.majority_class(i)] in words
        assert "gini" not in text  # impurity and class counts are left out
        assert max(len(line) for line in text.split("\n")) <= 22


def test_a_before_diagram_is_compact_and_narrower_by_default(cancer):
    split, result = cancer
    draw = {"feature_names": split.dataset.feature_names,
            "class_names": split.dataset.class_names}
    before = tree_diagram(result.full_tree, greyed_nodes=result.cut_nodes, display_depth=3,
                          **draw)
    full = tree_diagram(result.full_tree, greyed_nodes=result.cut_nodes, display_depth=3,
                        labels="full", **draw)
    assert before.source == tree_diagram(result.full_tree, greyed_nodes=result.cut_nodes,
                                         display_depth=3, labels="compact", **draw).source
    assert "gini" not in before.source and "gini" in full.source
    if shutil.which("dot"):
        # the diagram is scaled to its column: a narrower drawing has larger text
        assert _svg_width(before) < 0.75 * _svg_width(full)
    # without greyed nodes (an "after" diagram) every box stays in full
    assert "gini" in tree_diagram(result.tree, **draw).source
    with pytest.raises(ValueError) as error:
        tree_diagram(result.tree, labels="tiny")
    assert str(error.value) == t("trees.errors.diagram_labels", value="tiny",
                                 choices="full, compact, auto")
