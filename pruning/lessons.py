"""Guided lessons: short walks through the subject, each step a view of a page.

Lessons are data: a step names a page and the URL query parameters that open it with
the right settings (every widget keeps its value in the URL parameter named by its
key, a choice by its option key: see ``ui/widgets.py``). All text lives in the
catalogue under ``lessons.<lesson>.<step>.{title,text,question,answer}``, so a test
can walk every step, and a teacher can link to any of them
(``/lessons?lesson=2&step=3``: lessons and steps are numbered from 1).

The answers quote numbers measured with these settings on the shipped sample models
and data (``tests/test_lessons.py`` re-checks the ones that do not depend on timing).
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

PAGES = ("trees", "networks", "tradeoffs", "generalisation", "lessons")
LESSONS_PAGE = "lessons"
TEXT_PARTS = ("title", "text", "question", "answer")
ParamValue = str | tuple[str, ...]


@dataclass(frozen=True)
class Step:
    """One step of a lesson.

    Attributes
    ----------
    key : str
        Names the step's text in the catalogue (``lessons.<lesson>.<key>.*``).
    page : str or None
        The page the step opens (a ``url_path`` of ``app.py``); ``None`` when the
        step shows its experiment on the lessons page itself (``panel``).
    params : tuple of (str, str or tuple of str)
        URL query parameters: widget key and value as the URL holds it (a
        multiselect's choices as a tuple: the key is repeated).
    panel : str or None
        An experiment drawn on the lessons page (e.g. ``"lottery"``).
    """

    key: str
    page: str | None
    params: tuple[tuple[str, ParamValue], ...] = ()
    panel: str | None = None

    def query(self) -> dict[str, str | list[str]]:
        """The query parameters as a dict (repeated keys as lists)."""
        return {key: list(value) if isinstance(value, tuple) else value
                for key, value in self.params}

    def url(self) -> str | None:
        """The page's path and query string, e.g. ``/trees?dataset=moons``."""
        if self.page is None:
            return None
        query = urlencode(self.query(), doseq=True)
        return f"/{self.page}" + (f"?{query}" if query else "")


@dataclass(frozen=True)
class Lesson:
    """A lesson: a key naming its text (``lessons.<key>.{title,summary}``) and steps."""

    key: str
    steps: tuple[Step, ...]


def step(key: str, page: str | None, panel: str | None = None, **params: ParamValue) -> Step:
    """A step whose parameters are given as keywords, in the order written."""
    return Step(key, page, tuple(params.items()), panel)


# Links name only what differs from the page's defaults: a page removes a parameter that
# holds its default from the URL, and that rewrite is a new browser-history entry (Back
# would then land on the rewritten link instead of returning here). Defaults: trees:
# breast_cancer, pre-pruning; networks: mlp, global magnitude, 50%, no fine-tuning
# (3 epochs when on), no timing, histogram, APoZ, 5 cubic steps; trade-offs: mlp, standard grid.
CNN = {"model": "cnn"}
FINETUNE = {"finetune": "true"}  # 3 epochs: the slider's default
TIMED = {"latency": "true"}  # the networks page times models only on request

LESSONS: tuple[Lesson, ...] = (
    Lesson("trees", (
        step("full_tree", "trees", dataset="moons", max_depth_moons="11"),
        step("depth_5", "trees", dataset="moons", max_depth_moons="5"),
        step("depth_1", "trees", dataset="moons", max_depth_moons="1"),
        step("cost_complexity", "trees", dataset="moons", method="cost_complexity",
             alpha_moons="0.0071"),
        step("reduced_error", "trees", dataset="moons", method="reduced_error"),
    )),
    Lesson("magnitude", (
        step("layerwise", "networks", technique="magnitude_layer"),
        step("global", "networks", view="layers"),
        step("random", "networks", technique="random"),
        step("how_far", "networks", sparsity="90"),
        step("finetune", "networks", sparsity="90", **FINETUNE),
        step("sweep", "tradeoffs",
             techniques=("random", "magnitude_layer", "magnitude_global")),
    )),
    Lesson("structured", (
        step("zeros", "networks", **CNN, **TIMED),
        step("masked_channels", "networks", **CNN, technique="structured_masked", **FINETUNE,
             **TIMED),
        step("removed_channels", "networks", **CNN, technique="structured_physical",
             **FINETUNE, **TIMED),
        step("sparse_kernels", "tradeoffs",
             techniques=("magnitude_global", "structured_physical"), grid="high"),
    )),
    Lesson("criteria", (
        step("magnitude_neurons", "networks", technique="structured_masked"),
        step("apoz", "networks", technique="activation"),
        step("entropy", "networks", technique="entropy"),
        step("sweep", "tradeoffs", techniques=("structured_masked", "activation", "entropy"),
             grid="coarse"),
        step("finetune", "networks", technique="activation", **FINETUNE),
    )),
    Lesson("iterative", (
        step("one_shot", "networks", sparsity="95", **FINETUNE),
        step("iterative", "networks", technique="iterative", sparsity="95", **FINETUNE),
        step("same_budget", "networks", sparsity="95", **FINETUNE, epochs="15"),
        step("iterative_98", "networks", technique="iterative", sparsity="98", **FINETUNE),
        step("lottery", None, panel="lottery"),
    )),
)


def lesson_link(lesson: int, step_number: int) -> str:
    """The lessons page opened at a lesson and step (both numbered from 1).

    Lesson 1 and step 1 are the page's defaults and left out, as the page itself
    writes its URL: ``/lessons?lesson=2&step=3``, ``/lessons?step=2``, ``/lessons``.
    """
    query = {name: number for name, number in (("lesson", lesson), ("step", step_number))
             if number != 1}
    return f"/{LESSONS_PAGE}" + (f"?{urlencode(query)}" if query else "")


def text_key(lesson: Lesson, step_: Step | None, part: str) -> str:
    """Catalogue key of a lesson's text (``step_=None``: the lesson's own title/summary)."""
    if step_ is None:
        return f"lessons.{lesson.key}.{part}"
    return f"lessons.{lesson.key}.{step_.key}.{part}"


def text_keys() -> list[str]:
    """Every catalogue key the lessons use."""
    keys = []
    for lesson in LESSONS:
        keys += [text_key(lesson, None, part) for part in ("title", "summary")]
        for step_ in lesson.steps:
            keys += [text_key(lesson, step_, part) for part in TEXT_PARTS]
    return keys
