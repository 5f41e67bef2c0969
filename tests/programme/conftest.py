import pytest


@pytest.fixture(autouse=True)
def _thematic_areas(db):
    """The fund's thematic areas come from a data migration; a browser test (transactional)
    earlier in the run empties every table, so put them back as the migration would."""
    from tipsom.programme import thematic
    from tipsom.programme.models import ThematicArea

    thematic.load(ThematicArea)


@pytest.fixture
def w(db):
    from tests.programme.world import programme_world

    return programme_world()
