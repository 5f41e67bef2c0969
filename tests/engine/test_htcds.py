"""Our code lists carry HTCDS v2.0's values exactly, so exchange is lossless."""

from __future__ import annotations

import pytest

from tipsom.cases import choices as c
from tipsom.engine.standards import htcds

SAME_AS_HTCDS = [
    (c.Gender, "prs_Gender"),
    (c.MaritalStatus, "prs_MaritalStatus"),
    (c.Education, "prs_HighestLevelOfEducation"),
    (c.CaseStatus, "cas_Status"),
    (c.TraffickingStatus, "vic_TraffickingStatus"),
    (c.DecisionMakingOrg, "vic_TraffickingStatusDecisionMakingOrg"),
    (c.RelationshipToTrafficker, "vic_RelationshipToTrafficker"),
    (c.MethodOfControl, "vic_MethodsOfControl"),
    (c.TypeOfExploitation, "vic_TypeOfExploitation"),
    (c.TypeOfSexExploitation, "vic_TypeOfSexExploitation"),
    (c.MethodOfRecruitment, "vic_MethodOfRecruitment"),
    (c.Platform, "vic_RecruitmentWebsitesAndApps"),
    (c.Industry, "vic_ForcedLabourIndustry"),
    (c.EventType, "hte_Type"),
]


@pytest.mark.parametrize(("choices", "field"), SAME_AS_HTCDS, ids=[f for _, f in SAME_AS_HTCDS])
def test_code_list_equals_htcds(choices, field):
    assert list(choices.values) == htcds.code_list(field)


def test_support_types_extend_htcds_without_changing_it():
    published = htcds.code_list("spl_Type")
    assert list(c.SupportType.values)[: len(published)] == published
