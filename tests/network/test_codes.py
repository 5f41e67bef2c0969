"""The code lists items are tagged with: GCM objectives 1–23 and SDG targets."""

from __future__ import annotations

import pytest

from tipsom.cases.validation import Errors
from tipsom.engine.iati.codes import GCM_OBJECTIVES as RESOLUTION
from tipsom.network import codes


def test_the_23_gcm_objectives_are_those_of_the_resolution():
    assert list(codes.GCM_OBJECTIVES) == list(range(1, 24)) == list(RESOLUTION)
    assert str(codes.GCM_OBJECTIVES[9]) == "Counter the smuggling of migrants"
    assert str(codes.GCM_OBJECTIVES[10]) == "Eradicate trafficking in persons"
    assert codes.full_title(10).startswith("Prevent, combat and eradicate trafficking")


def test_the_targets_the_network_works_towards_are_named():
    for target in ("5.2", "8.7", "10.7", "16.2", "16.3"):
        assert codes.SDG_PATTERN.match(target) and target in codes.SDG_TARGETS
    assert codes.sdg_label("16.2").startswith("SDG 16.2: End abuse, exploitation, trafficking")
    assert codes.sdg_label("3.8") == "SDG 3.8"


@pytest.mark.parametrize("code", ["1.1", "16.2", "17.19", "10.c", "14.a", "9.b"])
def test_sdg_targets_of_the_pattern_are_accepted(code):
    errors = Errors()
    assert codes.clean_sdg([code], errors) == [code]
    assert not errors.errors


@pytest.mark.parametrize("code", ["16", "16.", "16-2", "0.1", "18.1", "16.20", "16.e", "SDG 16.2"])
def test_sdg_targets_off_the_pattern_are_refused(code):
    errors = Errors()
    codes.clean_sdg([code], errors)
    assert "write goal.target" in errors.errors["sdg_targets"][0]


def test_gcm_objectives_come_as_numbers_or_text_and_are_kept_once_in_order():
    errors = Errors()
    assert codes.clean_gcm(["10", 9, 10, " 23 "], errors) == [9, 10, 23]
    assert codes.clean_gcm("9, 10;11", errors) == [9, 10, 11]
    assert not errors.errors
    codes.clean_gcm([True, 0, "x"], errors)
    assert errors.errors["gcm_objectives"][0].startswith(
        "True, 0, 'x' are not GCM objectives; valid: 1–23 (1 Accurate and disaggregated data;"
    )
    other = Errors()
    codes.clean_gcm({"objective": 9}, other)
    assert other.errors["gcm_objectives"] == ["give a list of GCM objective numbers, 1–23"]
