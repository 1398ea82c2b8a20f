"""Lessons: guided walks through the subject, one step at a time.

The lessons are data (``pruning.lessons``): each step links to a page with its
settings in the URL, asks a question and folds the answer away. The lesson and step
are URL-bound widgets, so ``/lessons?lesson=2&step=3`` opens that step. The last
lesson's lottery-ticket experiment runs here: widgets -> cached backend run ->
figure builder.
"""
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from pruning.figures.lottery import kept_percent, lottery_figure
from pruning.i18n import DEFAULT_LANGUAGE
from pruning.lessons import LESSONS, Lesson, Step, lesson_link, text_key
from pruning.models import SPECS, network_data
from pruning.nn.lottery import MAX_ROUNDS
from ui import widgets
from ui.errors import shown_errors
from ui.lottery_results import lottery_result
from ui.network_results import progress_bar
from ui.shell import require_app_shell
from ui.text import LANGUAGE_KEY, T, language

LESSON_KEY, STEP_KEY = "lesson", "step"
LOTTERY_MODEL = "mlp"
LOTTERY_PRUNE_PER_ROUND = 0.5
LOTTERY_ROUNDS, LOTTERY_EPOCHS = 5, 8
LOTTERY_MAX_ROUNDS = min(8, MAX_ROUNDS)  # 8 rounds keep 0.4% of the weights
LOTTERY_MAX_EPOCHS = 20  # the slowest setting stays well under a minute
CHART_HEIGHT = 520


def lesson_title(number: int) -> str:
    return T(text_key(LESSONS[number - 1], None, "title"))


def step_text(lesson: Lesson, step: Step, part: str) -> str:
    return T(text_key(lesson, step, part))


# ---- choosing the lesson and the step ------------------------------------------------

def go_to(lesson: int, step: int) -> None:
    """Button callback: show ``step`` of ``lesson`` (the widgets then update the URL)."""
    st.session_state[LESSON_KEY] = lesson
    st.session_state[STEP_KEY] = step


def first_step() -> None:
    st.session_state[STEP_KEY] = 1


def choose_lesson() -> int:
    numbers = list(range(1, len(LESSONS) + 1))
    return widgets.selectbox(
        T("lessons_page.lesson"), LESSON_KEY, numbers,
        format_func=lambda n: T("lessons_page.lesson_option", number=n, title=lesson_title(n)),
        help=T("lessons_page.lesson_help"), on_change=first_step)


def choose_step(lesson: Lesson) -> int:
    numbers = list(range(1, len(lesson.steps) + 1))
    return widgets.radio(T("lessons_page.step"), STEP_KEY, numbers, horizontal=True,
                         format_func=lambda n: T("lessons_page.step_option", number=n),
                         help=T("lessons_page.step_help"))


# ---- one step ------------------------------------------------------------------------

def in_language(path: str) -> str:
    """``path`` with the chosen language added (absent for the default, as in the URL)."""
    if language() == DEFAULT_LANGUAGE:
        return path
    return path + ("&" if "?" in path else "?") + urlencode({LANGUAGE_KEY: language()})


def share_address(lesson: int, step: int) -> str:
    """The full address of this step when the browser's URL is known, else the path."""
    path = in_language(lesson_link(lesson, step))
    url = st.context.url
    if not url:
        return path
    scheme, _, rest = url.partition("://")
    base = st.get_option("server.baseUrlPath").strip("/")  # served under a sub-path?
    return f"{scheme}://{rest.split('/', 1)[0]}" + (f"/{base}" if base else "") + path


def show_step(lesson_number: int, step_number: int) -> Step:
    lesson = LESSONS[lesson_number - 1]
    step = lesson.steps[step_number - 1]
    with st.container(border=True):
        st.subheader(T("lessons_page.step_heading", number=step_number,
                       steps=len(lesson.steps), title=step_text(lesson, step, "title")))
        st.markdown(step_text(lesson, step, "text"))
        if step.page is not None:
            # A new tab is a new session: the page starts from exactly these settings.
            # In this tab, settings left on that page earlier would win over the link.
            st.link_button(T("lessons_page.open_page", page=T(f"nav.{step.page}")),
                           in_language(step.url()).lstrip("/"), icon=":material/open_in_new:",
                           help=T("lessons_page.open_page_help"), type="primary")
            st.caption(T("lessons_page.settings", settings=f"`{step.url()}`"))
        else:
            st.caption(T("lessons_page.panel_below"))
        st.markdown(T("lessons_page.question", question=step_text(lesson, step, "question")))
        # One expander per step (its own key): the next step's answer starts folded.
        with st.expander(T("lessons_page.answer"), icon=":material/lightbulb:",
                         key=f"answer_{lesson_number}_{step_number}"):
            st.markdown(step_text(lesson, step, "answer"))
        with st.container(horizontal=True):
            st.button(T("lessons_page.previous"), icon=":material/arrow_back:",
                      disabled=step_number == 1, on_click=go_to,
                      args=(lesson_number, step_number - 1), key="previous_step")
            st.button(T("lessons_page.next"), icon=":material/arrow_forward:",
                      disabled=step_number == len(lesson.steps), on_click=go_to,
                      args=(lesson_number, step_number + 1), key="next_step")
    st.caption(T("lessons_page.share"), help=T("lessons_page.share_help"))
    st.code(share_address(lesson_number, step_number), language=None)
    return step


def show_outline(lesson_number: int, current: int) -> None:
    """Every step of the lesson, the current one marked; a click opens it."""
    lesson = LESSONS[lesson_number - 1]
    with st.expander(T("lessons_page.all_steps"), icon=":material/list:"):
        for number, step in enumerate(lesson.steps, start=1):
            st.button(T("lessons_page.step_heading", number=number, steps=len(lesson.steps),
                        title=step_text(lesson, step, "title")),
                      type="primary" if number == current else "tertiary",
                      on_click=go_to, args=(lesson_number, number), key=f"outline_{number}")


# ---- the lottery-ticket experiment -----------------------------------------------------

def show_lottery() -> None:
    st.subheader(T("lessons_page.lottery.title"))
    st.markdown(T("lessons_page.lottery.explanation"))
    with st.container(horizontal=True, gap="large"):
        rounds = widgets.slider(T("lessons_page.lottery.rounds"), "lt_rounds", 1,
                                LOTTERY_MAX_ROUNDS, LOTTERY_ROUNDS,
                                help=T("lessons_page.lottery.rounds_help"))
        epochs = widgets.slider(T("lessons_page.lottery.epochs"), "lt_epochs", 1,
                                LOTTERY_MAX_EPOCHS, LOTTERY_EPOCHS,
                                help=T("lessons_page.lottery.epochs_help"))
    networks = 2 * (rounds + 1)
    with progress_bar(T("lessons_page.lottery.running", networks=networks)) as progress:
        result = lottery_result(LOTTERY_MODEL, rounds, LOTTERY_PRUNE_PER_ROUND, epochs,
                                _progress=progress)
    st.plotly_chart(lottery_figure(result, language()), height=CHART_HEIGHT)
    n_test = len(network_data(SPECS[LOTTERY_MODEL]).y_test)
    st.caption(T("lessons_page.lottery.caption", init_seed=result.init_seed,
                 control_seed=result.control_seed, n_test=n_test))
    with st.expander(T("lessons_page.lottery.table"), icon=":material/table:"):
        st.dataframe(pd.DataFrame({
            T("lessons_page.lottery.round"): [row.round for row in result.rounds],
            T("lessons_page.lottery.kept"): [kept_percent(row.sparsity)
                                             for row in result.rounds],
            T("lessons_page.lottery.rewound"): [100 * row.test_rewound
                                                for row in result.rounds],
            T("lessons_page.lottery.random"): [100 * row.test_random for row in result.rounds],
        }), hide_index=True, column_config={
            T(f"lessons_page.lottery.{name}"): st.column_config.NumberColumn(format="%.1f%%")
            for name in ("kept", "rewound", "random")})


PANELS = {"lottery": show_lottery}

require_app_shell()
st.title(T("lessons_page.title"))
st.markdown(T("lessons_page.intro"))
shown = None
with shown_errors():
    chosen_lesson = choose_lesson()
    st.markdown(T(text_key(LESSONS[chosen_lesson - 1], None, "summary")))
    chosen_step = choose_step(LESSONS[chosen_lesson - 1])
    shown = show_step(chosen_lesson, chosen_step)
    show_outline(chosen_lesson, chosen_step)
if shown is not None and shown.panel is not None:
    with shown_errors():
        PANELS[shown.panel]()
