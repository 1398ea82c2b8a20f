"""A user's own networks and data sets: upload forms, and where the pages find them.

Uploads live in this browser session's ``st.session_state`` only, never in a cache
shared by the server: another session cannot list, open or receive them (a link
naming one shows the usual bad-link notice there). At most ``max_models`` networks and
``max_datasets`` data sets are kept per session, the oldest dropped first. Results
computed from an upload are cached like any other, under keys holding the upload's
content digest (``upload_<digest>``), so equal keys always mean equal content.

The forms sit above a page's pickers: adding an upload chooses it in the picker
before the picker is drawn. Choice widgets get their labels from a dict built during
the run (``format_func=labels.__getitem__``), never from a function reading the
session. All checking is the backend's (:mod:`pruning.uploads`); a refusal is shown
as its one-line message, and the rest of the page keeps working.
"""
from __future__ import annotations

from collections import OrderedDict

import streamlit as st

from pruning.data import DATASET_NAMES, Dataset, load_dataset
from pruning.experiment import sample_source
from pruning.model_source import ModelSource, is_upload_key
from pruning.models import SAMPLE_MODELS
from pruning.uploads import (SAMPLE_DATA, CsvUpload, DataChoice, UploadError, csv_dataset,
                             upload_limits, upload_source)
from pruning.uploads.csv_table import csv_header, default_target
from ui.text import T, language

MODELS_KEY = "_uploaded_models"
DATASETS_KEY = "_uploaded_datasets"
MODEL_FILE_TYPES = ["pt", "pth"]
CSV_FILE_TYPES = ["csv", "tsv", "txt"]
DATA_SOURCES = ("sample", "bundled", "csv")


# ---- what this session uploaded ------------------------------------------------------

def uploaded_models() -> OrderedDict[str, ModelSource]:
    """This session's networks by key, oldest first."""
    return st.session_state.setdefault(MODELS_KEY, OrderedDict())


def uploaded_datasets() -> OrderedDict[str, CsvUpload]:
    """This session's tree data sets by key, oldest first."""
    return st.session_state.setdefault(DATASETS_KEY, OrderedDict())


def _keep(store: OrderedDict, key: str, value, most: int) -> None:
    store.pop(key, None)
    store[key] = value
    while len(store) > most:
        store.popitem(last=False)


def model_source(name: str) -> ModelSource:
    """A sample network by name, or one of this session's uploads by key."""
    if is_upload_key(name):
        try:
            return uploaded_models()[name]
        except KeyError:
            raise UploadError("upload_gone") from None
    return sample_source(name)


def session_dataset(name: str) -> Dataset:
    """A bundled data set by name, or one of this session's uploads by key."""
    if is_upload_key(name):
        try:
            return uploaded_datasets()[name].dataset
        except KeyError:
            raise UploadError("upload_gone") from None
    return load_dataset(name)


def model_choices() -> dict[str, str]:
    """The network picker's options: ``{key: label}``, the samples then this session's uploads.

    Labels are worked out here, once, so the picker's ``format_func`` is a plain lookup
    (Streamlit may call it outside the script run, where the session is not at hand).
    """
    choices = {name: T(f"sample_model.{name}") for name in SAMPLE_MODELS}
    choices.update({key: T("uploads.networks.model_label", name=source.label)
                    for key, source in uploaded_models().items()})
    return choices


def dataset_choices() -> dict[str, str]:
    """The data-set picker's options: ``{key: label}``, bundled sets then uploads."""
    choices = {name: T(f"data.dataset.{name}") for name in DATASET_NAMES}
    choices.update({key: T("uploads.trees.dataset_label", name=upload.file_name)
                    for key, upload in uploaded_datasets().items()})
    return choices


def model_caption(source: ModelSource) -> str:
    """What an uploaded network is, in a sentence."""
    details = source.details
    data = (T("uploads.networks.sample_data") if details["data"] == SAMPLE_DATA
            else T(f"data.dataset.{details['data']}") if details["data"] in DATASET_NAMES
            else details["data"])
    return T(f"uploads.networks.caption_{source.origin}", architecture=details["architecture"],
             parameters=details["parameters"], data=data, rows=details["rows"])


def dataset_caption(upload: CsvUpload) -> str:
    dataset = upload.dataset
    return T("uploads.trees.caption", name=upload.file_name, rows=len(dataset.y),
             features=dataset.n_features, classes=dataset.n_classes)


def show_notices(notices) -> None:
    for notice in notices:
        st.info(notice.message(language()), icon=":material/info:")


def _refused(error: UploadError) -> None:
    st.error(error.message(language()), icon=":material/block:")


def _target_picker(file, key: str, label: str, help: str) -> str | None:
    """The class-column picker of a chosen CSV (its header read cheaply), or ``None``."""
    if file is None:
        return None
    columns = csv_header(file.getvalue())
    if not columns:
        return None  # empty or not text: the check on "Add" says so
    return st.selectbox(label, columns, index=columns.index(default_target(columns)),
                        key=key, help=help)


def _forget(picker_key: str, store_key: str, default: str) -> None:
    st.session_state.pop(store_key, None)
    if is_upload_key(str(st.session_state.get(picker_key, ""))):
        st.session_state[picker_key] = default


# ---- the forms -----------------------------------------------------------------------

def network_upload_form(picker_key: str, default: str) -> None:
    """The "Use your own model / data" expander of the networks page.

    Must be drawn before the picker ``picker_key``: a network added here is chosen there.
    """
    with st.expander(T("uploads.networks.expander"), icon=":material/upload_file:"):
        st.markdown(T("uploads.networks.intro"))
        file_column, architecture_column = st.columns(2, gap="large")
        with file_column:
            model_file = st.file_uploader(T("uploads.networks.model_file"),
                                          type=MODEL_FILE_TYPES, key="upload_model_file",
                                          help=T("uploads.networks.model_file_help"))
        with architecture_column:
            names = {name: T(f"sample_model.{name}") for name in SAMPLE_MODELS}
            architecture = st.selectbox(T("uploads.networks.architecture"), list(names),
                                        format_func=names.__getitem__,
                                        key="upload_architecture",
                                        help=T("uploads.networks.architecture_help"))
        kinds = {kind: T(f"uploads.networks.data_source_{kind}") for kind in DATA_SOURCES}
        source_kind = st.radio(T("uploads.networks.data_source"), list(kinds),
                               horizontal=True, key="upload_data_source",
                               format_func=kinds.__getitem__,
                               help=T("uploads.networks.data_source_help"))
        csv_file = target = bundled = None
        if source_kind == "bundled":
            sets = {name: T(f"data.dataset.{name}") for name in DATASET_NAMES}
            bundled = st.selectbox(T("uploads.networks.bundled"), list(sets),
                                   format_func=sets.__getitem__,
                                   key="upload_bundled", help=T("uploads.networks.bundled_help"))
        elif source_kind == "csv":
            csv_column, target_column = st.columns(2, gap="large")
            with csv_column:
                csv_file = st.file_uploader(T("uploads.networks.csv_file"), type=CSV_FILE_TYPES,
                                            key="upload_network_csv",
                                            help=T("uploads.networks.csv_file_help"))
            with target_column:
                target = _target_picker(csv_file, "upload_network_target",
                                        T("uploads.networks.target"),
                                        T("uploads.networks.target_help"))
        add_column, forget_column = st.columns([1, 1])
        with add_column:
            add = st.button(T("uploads.networks.add"), key="upload_model_add",
                            icon=":material/add:", type="primary")
        if add:
            choice = (DataChoice(csv=csv_file.getvalue(), csv_name=csv_file.name, target=target)
                      if source_kind == "csv" and csv_file is not None
                      else DataChoice(dataset=bundled if source_kind == "bundled"
                                      else SAMPLE_DATA))
            _add_network(model_file, architecture, choice, source_kind == "csv" and
                         csv_file is None, picker_key)
        with forget_column:  # after adding: the first upload shows it at once
            _forget_button("upload_model_forget", "uploads.networks", picker_key, MODELS_KEY,
                           default)


def _add_network(model_file, architecture: str, choice: DataChoice, csv_missing: bool,
                 picker_key: str) -> None:
    if model_file is None:
        st.warning(T("uploads.networks.needs_model_file"), icon=":material/upload_file:")
        return
    if csv_missing:
        st.warning(T("uploads.networks.needs_csv"), icon=":material/upload_file:")
        return
    limits = upload_limits()
    try:
        with st.spinner(T("uploads.networks.adding")):
            source = upload_source(model_file.getvalue(), model_file.name, choice,
                                   architecture=architecture, limits=limits)
    except UploadError as error:
        _refused(error)
        return
    _keep(uploaded_models(), source.key, source, limits.max_models)
    st.session_state[picker_key] = source.key
    st.success(T("uploads.networks.added", name=source.label), icon=":material/check:")
    show_notices(source.notices)


def _forget_button(key: str, area: str, picker_key: str, store_key: str, default: str) -> None:
    """Forget this page's uploads (shown once there is one)."""
    if st.session_state.get(store_key):
        st.button(T(f"{area}.remove"), key=key, on_click=_forget,
                  args=(picker_key, store_key, default), help=T(f"{area}.remove_help"))


def dataset_upload_form(picker_key: str, default: str) -> None:
    """The "Use your own data" expander of the trees page (drawn before its picker)."""
    limits = upload_limits()
    with st.expander(T("uploads.trees.expander"), icon=":material/upload_file:"):
        st.markdown(T("uploads.trees.intro", categories=limits.max_categories,
                      rows=limits.max_rows))
        file_column, target_column = st.columns(2, gap="large")
        with file_column:
            csv_file = st.file_uploader(T("uploads.trees.csv_file"), type=CSV_FILE_TYPES,
                                        key="upload_tree_csv",
                                        help=T("uploads.trees.csv_file_help"))
        with target_column:
            target = _target_picker(csv_file, "upload_tree_target", T("uploads.trees.target"),
                                    T("uploads.trees.target_help", classes=limits.max_classes))
        add_column, forget_column = st.columns([1, 1])
        with add_column:
            add = st.button(T("uploads.trees.add"), key="upload_tree_add", icon=":material/add:",
                            type="primary", disabled=csv_file is None)
        if add and csv_file is not None:
            _add_dataset(csv_file, target, picker_key)
        with forget_column:
            _forget_button("upload_tree_forget", "uploads.trees", picker_key, DATASETS_KEY,
                           default)


def _add_dataset(csv_file, target: str | None, picker_key: str) -> None:
    limits = upload_limits()
    try:
        with st.spinner(T("uploads.trees.adding")):
            upload = csv_dataset(csv_file.getvalue(), csv_file.name, target, limits)
    except UploadError as error:
        _refused(error)
        return
    _keep(uploaded_datasets(), upload.dataset.name, upload, limits.max_datasets)
    st.session_state[picker_key] = upload.dataset.name
    dataset = upload.dataset
    st.success(T("uploads.trees.added", name=upload.file_name, rows=len(dataset.y),
                 features=dataset.n_features, classes=dataset.n_classes),
               icon=":material/check:")
    show_notices(upload.notices)
