"""copytrace.fastjson: orjson's speed, the standard library's answers where they differ."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from copytrace import fastjson

_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@given(_values)
def test_a_record_reads_back_as_the_standard_library_reads_it(value):
    line = fastjson.dumps(value)
    assert "\n" not in line
    assert fastjson.loads(line) == json.loads(line) == value


def test_output_is_compact_utf8():
    assert fastjson.dumps({"a": [1, 0.5], "t": "Zürich — “quoted”"}) == '{"a":[1,0.5],"t":"Zürich — “quoted”"}'


@pytest.mark.parametrize("text", ["NaN", "[Infinity]", str(2**70), '"\\ud800"', "1e400"])
def test_what_orjson_refuses_the_standard_library_still_reads(text):
    got, want = fastjson.loads(text), json.loads(text)
    assert repr(got) == repr(want)


def test_malformed_json_raises_the_standard_library_s_error():
    with pytest.raises(json.JSONDecodeError) as found:
        fastjson.loads('{"id": 1, "text": ')
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads('{"id": 1, "text": ')
    assert (found.value.msg, found.value.colno) == (expected.value.msg, expected.value.colno)


def test_what_orjson_cannot_write_is_written_by_the_standard_library():
    assert fastjson.dumps({"n": 2**70, "x": np.float64(0.25)}) == '{"n":%d,"x":0.25}' % 2**70
