"""The categories indicator tables break counts down by, and how extract values map to them."""

from __future__ import annotations

UNKNOWN = "unknown"

SEXES = ("female", "male", "transgender", UNKNOWN)
AGE_GROUPS = ("0-17", "18+", UNKNOWN)
ADULT_AGE = 18

# UNODC GLOTIP forms of exploitation. HTCDS has no value for forced criminal activity, so that
# row is always 0 here; it stays because the questionnaire asks for it.
FORMS = (
    "sexual_exploitation",
    "forced_labour",
    "forced_criminal_activity",
    "begging",
    "forced_marriage",
    "organ_removal",
    "mixed",  # more than one of the other forms
    "other",
    UNKNOWN,  # no form recorded
)
FORM_OF_HTCDS = {
    "SexualExploitation": "sexual_exploitation",
    "ForcedLabour": "forced_labour",
    "ChildLabour": "forced_labour",
    "Servitude": "forced_labour",
    "ForcedMilitaryByNonStateActors": "forced_labour",
    "ForcedBegging": "begging",
    "ForcedMarriage": "forced_marriage",
    "OrganRemoval": "organ_removal",
    "ForcedAdoption": "other",
    "Surrogacy": "other",
    "Other": "other",
}

# Persons in the justice tables, by stage: the year column of the suspects table each uses.
STAGES = {
    "suspected": "suspected_year",
    "prosecuted": "prosecuted_year",
    "convicted": "convicted_year",
}
LAWS = ("PTPA_2018", "PSMA_2018", "EO_1979", "PA_1974", "PPC", UNKNOWN)

# Scopes of the victims table (see `extract`).
VICTIM = "victim"  # detected victims of trafficking
SMUGGLED = "smuggled_migrant"
