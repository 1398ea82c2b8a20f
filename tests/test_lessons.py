"""The lessons: every step's link opens its page with the settings it names, the
lessons page opens any step from its URL, and the numbers the answers quote still hold.

Pages run headless the way users reach them (app.py, then the page: tests/app_pages.py).
"""
from __future__ import annotations

from functools import cache

import pytest

from pruning.data import load_dataset, split_dataset
from pruning.display import distinct_labels
from pruning.experiment import NetworkRequest, run_network
from pruning.i18n import catalogue, languages, t
from pruning.lessons import LESSONS, PAGES, Lesson, Step, lesson_link, text_keys
from pruning.nn.lottery import lottery_ticket
from pruning.sweep import sweep_networks
from pruning.trees import TreeOptions, ccp_path_rows, prune_tree
from tests.app_pages import charts, notices, page_opener

WIDGET_KINDS = ("selectbox", "radio", "select_slider", "multiselect", "slider", "toggle",
                "number_input")
LINKED = [(lesson, number, step) for lesson in LESSONS
          for number, step in enumerate(lesson.steps, start=1) if step.page is not None]
PANELS = ("lottery",)
# Page defaults the lessons rely on (links name only what differs, see pruning/lessons.py):
# if a page changes one of these, the steps that leave it out show other numbers.
DEFAULTS_RELIED_ON = {
    "trees": {"method": "pre"},
    "networks": {"model": "mlp", "technique": "magnitude_global", "sparsity": "50",
                 "finetune": "false", "epochs": "3", "view": "histogram", "latency": "false"},
    "tradeoffs": {"model": "mlp", "grid": "standard"},
}
# Shown only for the techniques that read them (activation; iterative).
CONDITIONAL_DEFAULTS = {"networks": {"criterion": "apoz", "steps": "5", "schedule": "cubic"}}


def step_id(entry) -> str:
    lesson, number, _ = entry
    return f"{lesson.key}-{number}"


def widget(at, key: str):
    """The one widget on the page whose key (and URL parameter) is ``key``."""
    found = [w for kind in WIDGET_KINDS for w in getattr(at, kind) if w.key == key]
    assert len(found) == 1, f"{len(found)} widgets with key {key!r}"
    return found[0]


def as_in_url(value) -> str | tuple[str, ...]:
    """A widget value written the way a link writes it."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value)
    return str(value)


# ---- the lessons as data ---------------------------------------------------------------

def test_every_text_of_every_step_is_in_the_catalogue_of_every_language():
    for language in languages():
        known = catalogue(language)
        assert [key for key in text_keys() if key not in known] == [], language
    assert all(t(key).strip() for key in text_keys())


def test_lessons_are_well_formed():
    assert len(LESSONS) >= 5
    assert len({lesson.key for lesson in LESSONS}) == len(LESSONS)
    for lesson in LESSONS:
        assert lesson.steps, lesson.key
        assert len({step.key for step in lesson.steps}) == len(lesson.steps), lesson.key
        for step in lesson.steps:
            assert (step.page is None) == (step.panel is not None), step.key
            assert step.page is None or step.page in PAGES
            assert step.panel is None or step.panel in PANELS
            names = [name for name, _ in step.params]
            assert len(set(names)) == len(names), step.key


def test_links_are_relative_paths_with_the_settings_and_lesson_links_skip_defaults():
    step = Step("s", "tradeoffs", (("techniques", ("random", "entropy")), ("grid", "high")))
    assert step.url() == "/tradeoffs?techniques=random&techniques=entropy&grid=high"
    assert step.query() == {"techniques": ["random", "entropy"], "grid": "high"}
    assert Step("p", None, panel="lottery").url() is None
    assert lesson_link(2, 3) == "/lessons?lesson=2&step=3"
    assert lesson_link(1, 2) == "/lessons?step=2"
    assert lesson_link(3, 1) == "/lessons?lesson=3"
    assert lesson_link(1, 1) == "/lessons"


# ---- every step's link opens its page with its settings ----------------------------------

@pytest.mark.parametrize("entry", LINKED, ids=step_id)
def test_each_link_opens_its_page_with_the_settings_it_names(monkeypatch, entry):
    _, _, step = entry
    at = page_opener(monkeypatch, f"pages/{step.page}.py")(**step.query())
    assert notices(at) == []  # every value was one the page could take
    for name, value in step.params:
        assert as_in_url(widget(at, name).value) == value, name
    for name, value in DEFAULTS_RELIED_ON[step.page].items():
        if name not in step.query():
            assert as_in_url(widget(at, name).value) == value, f"default of {name} changed"
    for name, value in CONDITIONAL_DEFAULTS.get(step.page, {}).items():
        shown = [w for kind in WIDGET_KINDS for w in getattr(at, kind) if w.key == name]
        if shown and name not in step.query():
            assert as_in_url(shown[0].value) == value, f"default of {name} changed"
    # The page keeps the link as it is: a rewrite (e.g. dropping a default) would be a
    # new browser-history entry, and Back would land on the rewritten link.
    assert {name: at.query_params[name] for name in at.query_params} == step.query()


# ---- the lessons page itself ---------------------------------------------------------------

@pytest.fixture
def open_lessons(monkeypatch):
    return page_opener(monkeypatch, "pages/lessons.py")


def link_buttons(at) -> list:
    return at.get("link_button")


def test_a_lesson_link_opens_that_lesson_at_that_step(open_lessons):
    lesson, number = LESSONS[1], 3
    step = lesson.steps[number - 1]
    at = open_lessons(lesson="2", step=str(number))
    assert at.selectbox(key="lesson").value == 2
    assert at.radio(key="step").value == number
    shown = " ".join(m.value for m in at.markdown)
    assert t(f"lessons.{lesson.key}.{step.key}.text") in shown
    assert t(f"lessons.{lesson.key}.{step.key}.question") in shown
    answer = at.expander[0]
    assert answer.label == t("lessons_page.answer")
    assert t(f"lessons.{lesson.key}.{step.key}.answer") in [m.value for m in answer.markdown]
    (button,) = link_buttons(at)
    assert button.proto.url == step.url().lstrip("/")  # relative: works under a base path
    assert at.code[0].value == lesson_link(2, number)  # the shareable link


@pytest.mark.parametrize("lesson_number", range(1, len(LESSONS) + 1))
def test_every_step_of_every_lesson_is_shown_from_its_link(open_lessons, lesson_number):
    lesson: Lesson = LESSONS[lesson_number - 1]
    at = open_lessons(lesson=str(lesson_number))
    for number, step in enumerate(lesson.steps, start=1):
        if step.panel is not None:
            continue  # the experiment runs: tested below
        at.radio(key="step").set_value(number).run()
        assert not at.exception and not at.error
        assert t(f"lessons.{lesson.key}.{step.key}.title") in at.subheader[0].value
        assert [b.proto.url for b in link_buttons(at)] == [step.url().lstrip("/")]
        assert at.code[0].value == lesson_link(lesson_number, number)


def test_next_and_previous_buttons_walk_the_steps_and_a_new_lesson_starts_at_step_1(
        open_lessons):
    at = open_lessons(lesson="3", step="2")
    at.button(key="next_step").click().run()
    assert at.radio(key="step").value == 3
    assert at.query_params["step"] == "3"
    at.button(key="previous_step").click().run()
    at.button(key="previous_step").click().run()
    assert at.radio(key="step").value == 1
    assert at.button(key="previous_step").disabled
    at.button(key="outline_4").click().run()  # the list of all steps
    assert at.radio(key="step").value == 4
    at.selectbox(key="lesson").set_value(4).run()
    assert at.radio(key="step").value == 1
    assert not at.exception and not at.error


def test_a_bad_step_in_a_link_is_a_notice_not_an_error(open_lessons):
    at = open_lessons(lesson="2", step="99")
    assert at.radio(key="step").value == 1
    assert any("step" in notice for notice in notices(at))


def test_the_lottery_step_runs_the_experiment_and_draws_it(open_lessons):
    lesson_number = next(number for number, lesson in enumerate(LESSONS, start=1)
                         if any(step.panel == "lottery" for step in lesson.steps))
    steps = LESSONS[lesson_number - 1].steps
    number = next(n for n, step in enumerate(steps, start=1) if step.panel == "lottery")
    at = open_lessons(lesson=str(lesson_number), step=str(number), lt_rounds="2",
                      lt_epochs="1")
    assert link_buttons(at) == []
    (figure,) = charts(at)
    assert figure["layout"]["title"]["text"].startswith(
        t("lessons_page.lottery.figure.title", epochs=1).split("(")[0])
    reference = lottery_ticket("mlp", 2, 0.5, 1)
    rewound, random_ = figure["data"][:2]
    assert rewound["y"] == pytest.approx([100 * row.test_rewound for row in reference.rounds])
    assert random_["y"] == pytest.approx([100 * row.test_random for row in reference.rounds])


# ---- the numbers the answers quote ---------------------------------------------------------
# Measured with each step's settings (page defaults + the link); timing-free claims only.

def moons(val_size: float = 0.0):
    return split_dataset(load_dataset("moons"), test_size=0.25, val_size=val_size, seed=0,
                         stratify=True)


@cache
def mlp_test(technique: str, sparsity: float, epochs: int = 0, model: str = "mlp",
             **options) -> float:
    """Test accuracy in percent, as the networks page computes it."""
    request = NetworkRequest(model, technique, sparsity, finetune_epochs=epochs, **options)
    return 100 * run_network(request).pruned.accuracy["test"]


def test_lesson_1_trees_numbers():
    full = prune_tree(moons(), "pre", TreeOptions(max_depth=11))
    assert (full.n_leaves, full.train_accuracy) == (45, 1.0)
    assert 100 * full.test_accuracy == pytest.approx(83.3, abs=0.1)
    depth_5 = prune_tree(moons(), "pre", TreeOptions(max_depth=5))
    assert depth_5.n_leaves == 15
    assert 100 * (depth_5.test_accuracy - full.test_accuracy) == pytest.approx(4.7, abs=0.1)
    assert 100 * depth_5.train_accuracy == pytest.approx(95.1, abs=0.1)
    depth_1 = prune_tree(moons(), "pre", TreeOptions(max_depth=1))
    assert 100 * depth_1.test_accuracy == pytest.approx(76.0, abs=0.1)
    depths = {d: prune_tree(moons(), "pre", TreeOptions(max_depth=d)).test_accuracy
              for d in range(1, 12)}
    assert max(depths, key=depths.get) == 5
    path = ccp_path_rows(moons(), TreeOptions())
    labels = distinct_labels([row["ccp_alpha"] for row in path])  # the slider's stops
    alpha = path[labels.index("0.0071")]["ccp_alpha"]
    pruned = prune_tree(moons(), "cost_complexity", TreeOptions(ccp_alpha=alpha))
    assert pruned.n_leaves == 8
    assert 100 * pruned.test_accuracy == pytest.approx(88.7, abs=0.1)
    reduced = prune_tree(moons(0.25), "reduced_error", TreeOptions())
    assert (reduced.full_tree.n_leaves, reduced.n_leaves) == (33, 12)
    assert 100 * reduced.full_accuracies["test_accuracy"] == pytest.approx(82.0, abs=0.1)
    assert 100 * reduced.test_accuracy == pytest.approx(88.7, abs=0.1)
    assert reduced.val_accuracy > reduced.full_accuracies["val_accuracy"]


def test_lesson_2_magnitude_numbers():
    dense = mlp_test("magnitude_global", 0.0)
    assert dense == pytest.approx(96.9, abs=0.1)
    assert mlp_test("magnitude_layer", 0.5) == pytest.approx(94.7, abs=0.1)
    assert mlp_test("magnitude_global", 0.5) == pytest.approx(96.7, abs=0.1)
    assert mlp_test("random", 0.5) == pytest.approx(63.3, abs=0.5)
    assert mlp_test("magnitude_global", 0.9) == pytest.approx(69.4, abs=0.5)
    assert mlp_test("magnitude_global", 0.9, epochs=3) == pytest.approx(95.8, abs=0.5)
    assert mlp_test("magnitude_global", 0.95, epochs=3) == pytest.approx(84.4, abs=1.0)
    layers = {layer.name: layer.sparsity for layer in run_network(NetworkRequest(
        "mlp", "magnitude_global", 0.5)).result.layers}
    assert layers["fc2"] == pytest.approx(0.60, abs=0.02)
    assert layers["fc1"] == pytest.approx(0.36, abs=0.02)
    sweep = sweep_networks("mlp", ("random", "magnitude_layer", "magnitude_global"),
                           (0.4, 0.9, 0.95), measure_latency=False).rows
    at = {(row["technique"], row["sparsity_requested"]): 100 * row["accuracy"]
          for row in sweep}
    assert at[("random", 0.4)] == pytest.approx(77, abs=1)
    assert at[("magnitude_global", 0.9)] - at[("magnitude_layer", 0.9)] == pytest.approx(31, abs=1)
    assert at[("magnitude_layer", 0.95)] > at[("magnitude_global", 0.95)]


def test_lesson_3_structured_numbers():
    for technique, epochs in (("magnitude_global", 0), ("structured_masked", 3)):
        report = run_network(NetworkRequest("cnn", technique, 0.5, finetune_epochs=epochs))
        assert report.pruned.macs == report.dense.macs == 452_864
    physical = run_network(NetworkRequest("cnn", "structured_physical", 0.5, finetune_epochs=3))
    assert physical.pruned.macs == 115_840
    assert physical.pruned.bytes_dense / 1000 == pytest.approx(17.5, abs=0.1)
    assert physical.dense.bytes_dense / 1000 == pytest.approx(62.7, abs=0.1)
    assert 100 * physical.pruned.accuracy["test"] == pytest.approx(96.9, abs=0.5)
    assert mlp_test("structured_physical", 0.5) == pytest.approx(77.5, abs=0.5)


def test_lesson_4_criteria_numbers():
    assert mlp_test("structured_masked", 0.5) == pytest.approx(77.5, abs=0.5)
    assert mlp_test("activation", 0.5) == pytest.approx(61.1, abs=0.5)
    assert mlp_test("activation", 0.5, activation_criterion="mean") == pytest.approx(55.6, abs=0.5)
    assert mlp_test("entropy", 0.5) == pytest.approx(87.5, abs=0.5)
    assert mlp_test("structured_masked", 0.25) > mlp_test("entropy", 0.25) > mlp_test(
        "activation", 0.25)
    for sparsity in (0.5, 0.75, 0.9):
        assert mlp_test("entropy", sparsity) > mlp_test("structured_masked", sparsity)
    assert mlp_test("activation", 0.5, epochs=3) == pytest.approx(95.8, abs=0.5)


def test_lesson_5_iterative_numbers():
    assert mlp_test("iterative", 0.95, epochs=3) == pytest.approx(95.8, abs=0.5)
    assert mlp_test("magnitude_global", 0.95, epochs=15) == pytest.approx(93.9, abs=0.5)
    assert mlp_test("iterative", 0.98, epochs=3) == pytest.approx(87.2, abs=1.0)
    assert mlp_test("magnitude_global", 0.98, epochs=15) == pytest.approx(68.6, abs=1.0)


def test_lesson_5_lottery_numbers():
    rounds = lottery_ticket("mlp", 5, 0.5, 8).rounds
    assert [round(100 * (1 - row.sparsity), 1) for row in rounds] == [
        100.0, 50.0, 25.0, 12.5, 6.2, 3.1]
    assert 100 * rounds[1].test_rewound == pytest.approx(94, abs=1)
    assert 100 * rounds[1].test_random == pytest.approx(93, abs=1)
    assert 100 * rounds[3].test_rewound == pytest.approx(92, abs=1)
    assert 100 * rounds[3].test_random == pytest.approx(85, abs=1)
    assert 100 * rounds[5].test_rewound == pytest.approx(87, abs=1)
    assert 100 * rounds[5].test_random == pytest.approx(43, abs=1)


def test_in_another_language_the_links_keep_it(open_lessons, monkeypatch):
    other = next(code for code in languages() if code != "en")
    at = open_lessons(lesson="2", step="3", lang=other)
    step = LESSONS[1].steps[2]
    (button,) = link_buttons(at)
    assert button.proto.url == f"{step.url().lstrip('/')}&lang={other}"
    assert at.code[0].value == f"{lesson_link(2, 3)}&lang={other}"
    target = page_opener(monkeypatch, f"pages/{step.page}.py")(**step.query(), lang=other)
    assert notices(target) == []
    assert target.query_params["lang"] == other
    assert target.title[0].value == t("networks_page.title", other)
