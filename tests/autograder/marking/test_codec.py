"""The plain-data form answers leave a learner's kernel in: faithful for honest answers, inert for any other."""

from __future__ import annotations

import contextlib
import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logiserve.autograder.marking.codec import LIMITS, NotPlainData, decode, encode


def through_json(value):
    """``value`` encoded, sent as JSON text (as the kernel sends it) and decoded."""
    return decode(json.loads(json.dumps(encode(value), allow_nan=False)))


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        0,
        -7,
        2**80,
        0.1,
        "Greenacre Garden Centres",
        "",
        [1, "a", None],
        (1, 2.5),
        {"a": 1, 3: "x", (1, 2): [None]},
        {"nested": {"deeper": [{"x": (1,)}]}},
        {1, 2, 3},
        frozenset({"a"}),
        [],
        {},
    ],
)
def test_plain_python_values_come_back_equal_and_of_the_same_type(value):
    back = through_json(value)
    assert back == value
    assert type(back) is type(value)


def test_floats_that_json_cannot_hold_come_back():
    back = through_json([math.nan, math.inf, -math.inf])
    assert math.isnan(back[0]) and back[1] == math.inf and back[2] == -math.inf


def test_numpy_values_come_back_as_python_values():
    assert through_json(np.int64(5)) == 5 and type(through_json(np.int64(5))) is int
    assert through_json(np.float64(0.25)) == 0.25
    assert through_json(np.bool_(True)) is True
    assert through_json(np.array([1, 2, 3])) == [1, 2, 3]


@pytest.mark.parametrize(
    "series",
    [
        pd.Series([3, 1, 2], index=["picking", "carrier", "labels"], name="complaints"),
        pd.Series([0.5, math.nan], index=pd.Index([1, 2], name="week")),
        pd.Series([True, False], index=["a", "b"]),
        pd.Series(["x", "y"], index=["a", "a"]),  # a repeated label
        pd.Series([1.5, 2.5], index=pd.MultiIndex.from_tuples([("web", 1), ("edi", 2)], names=["channel", "week"])),
        pd.Series([], dtype="float64"),
        pd.Series(pd.to_datetime(["2026-01-05", "2026-01-12"]), index=[10, 11]),
        pd.Series(["A", "B", "A"], index=["s1", "s2", "s3"], dtype="category"),
    ],
    ids=["counts", "with-nan", "bools", "repeated-label", "multi-index", "empty", "dates", "category"],
)
def test_a_series_comes_back_equal_with_its_index_name_and_dtype(series):
    back = through_json(series)
    pd.testing.assert_series_equal(back, series, check_index_type=False)


def test_a_dataframe_comes_back_equal():
    frame = pd.DataFrame(
        {"name": ["Greenacre", "Harrow"], "orders": [12, 3], "share": [0.8, math.nan], "ok": [True, False]},
        index=pd.Index([4, 9], name="party"),
    )
    pd.testing.assert_frame_equal(through_json(frame), frame)


def test_a_dataframe_with_no_columns_or_no_rows_comes_back():
    empty_rows = pd.DataFrame({"a": pd.Series([], dtype="int64")})
    assert through_json(empty_rows).shape == (0, 1)
    assert through_json(pd.DataFrame(index=[1, 2])).shape == (2, 0)


class Liar(int):
    """An int that tells every comparison it is equal, and claims to be 1,000,000."""

    def __eq__(self, other):
        return True

    __hash__ = int.__hash__

    def __str__(self):
        return "1000000"


class LyingText(str):
    def __str__(self):
        return "the right answer"


class LyingList(list):
    def __iter__(self):
        return iter(["the", "key"])


class LyingDict(dict):
    def items(self):
        return [("inventory_control", "internal")]


def test_a_lying_object_is_handed_over_as_what_it_is_underneath():
    assert type(through_json(Liar(3))) is int and through_json(Liar(3)) == 3
    assert type(through_json(LyingText("wrong"))) is str and through_json(LyingText("wrong")) == "wrong"
    assert through_json(LyingList(["mine"])) == ["mine"]
    assert through_json(LyingDict({"hse": "external"})) == {"hse": "external"}


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (lambda: 1, "a function"),
        ((x for x in range(3)), "a generator"),
        (json, "a module"),
        (object(), "an object"),
        (type("Custom", (), {})(), "a Custom"),
        ([[[[[[[[[[[[[[1]]]]]]]]]]]]]], "nested more than"),
        ("x" * (LIMITS["text"] + 1), "characters"),
        (10 ** (LIMITS["digits"] + 1), "digits"),
        (list(range(LIMITS["items"] + 1)), "too many"),
    ],
    ids=["function", "generator", "module", "object", "custom-class", "too-deep", "long-text", "big-int", "too-many"],
)
def test_what_cannot_be_plain_data_is_refused_saying_what_it_is(value, says):
    with pytest.raises(NotPlainData, match=says):
        encode(value)


@pytest.mark.parametrize(
    "data",
    [
        {"$": "pickle", "value": "gASV"},
        {"$": "list"},
        {"$": "list", "items": "abc"},
        {"$": "dict", "items": [[1]]},
        {"$": "dict", "items": [[{"$": "list", "items": []}, 1]]},
        {"$": "series", "values": [1, 2], "index": {"names": [None], "values": [1]}},
        {"$": "series", "values": [1], "index": "nope"},
        {"$": "series", "values": [1], "index": {"names": [None], "values": [1]}, "name": [1]},
        {
            "$": "frame",
            "columns": ["a"],
            "data": [[1], [2]],
            "dtypes": ["int64"],
            "index": {"names": [None], "values": [0]},
        },
        {"$": "timestamp", "value": "not a date"},
        {"$": "float", "value": "1e309"},
        {"no": "tag"},
        [1, 2],
        1.5j if False else {"$": 3},
    ],
)
def test_data_that_is_not_in_the_format_is_refused_never_crashes(data):
    with pytest.raises(NotPlainData):
        decode(data)


def test_a_dtype_that_is_not_allowed_is_read_as_object():
    data = encode(pd.Series([1, 2], index=["a", "b"]))
    data["dtype"] = "object; __import__('os').system('true')"
    back = decode(data)
    assert back.tolist() == [1, 2]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=4), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_at_all_decodes_or_is_refused_as_not_plain_data(data):
    with contextlib.suppress(NotPlainData):
        decode(data)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_what_encode_makes_of_json_like_values_decodes_to_an_equal_value(value):
    assert through_json(value) == value
