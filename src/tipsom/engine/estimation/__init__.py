"""Multiple systems estimation (MSE) of a hidden population from overlapping registers.

Three or more organisations each hold a list (register) of the victims they know of; record
linkage tells who is on which lists. `table` turns that into capture histories (how many
persons each combination of lists holds) and refuses data that cannot carry an estimate;
`models` fits log-linear Poisson models (main effects for every list, subsets of two-way
interactions) and chooses one by AIC or BIC; `interval` gives a profile likelihood or a
parametric bootstrap interval; `mse` ties them together into a `PopulationEstimate`, whose
`method_note()` says in a paragraph what was done. This is the method UNODC promotes for
SDG indicator 16.2.2. Nothing here knows Django.
"""

from tipsom.engine.estimation.errors import EstimationRefused
from tipsom.engine.estimation.models import Dropped, ModelFit
from tipsom.engine.estimation.mse import estimate, estimate_from_registers
from tipsom.engine.estimation.result import PopulationEstimate
from tipsom.engine.estimation.table import MIN_LISTS, MIN_PERSONS, CaptureTable

__all__ = [
    "MIN_LISTS",
    "MIN_PERSONS",
    "CaptureTable",
    "Dropped",
    "EstimationRefused",
    "ModelFit",
    "PopulationEstimate",
    "estimate",
    "estimate_from_registers",
]
