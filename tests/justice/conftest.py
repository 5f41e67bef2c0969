import pytest


@pytest.fixture(autouse=True)
def _offence_list(db):
    """The offence list comes from a data migration; a browser test (transactional) earlier
    in the run empties every table, so put it back as the migration would."""
    from tipsom.justice import offences
    from tipsom.justice.models import Offence

    offences.load(Offence)
