import pytest


@pytest.fixture(autouse=True)
def _offence_list(db):
    """The offence list comes from a data migration; a browser test (transactional) earlier
    in the run empties every table, so put it back as the migration would."""
    from tipsom.justice.models import Offence
    from tipsom.justice.offences import OFFENCES

    for row in OFFENCES:
        Offence.objects.update_or_create(code=row["code"], defaults=row)
