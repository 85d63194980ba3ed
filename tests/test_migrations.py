"""The migrations build exactly the schema the models describe: a model changed without
its migration fails here, not on a customer's database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from common.core.db import get_database
from common.models import Base


def test_the_migrated_schema_is_the_one_the_models_describe(services) -> None:
    # given the test database, migrated to head (the services fixture)
    with get_database().engine.connect() as conn:
        # when it is compared with the models
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # then there is nothing a new migration would have to add, drop or alter
    assert diff == []
