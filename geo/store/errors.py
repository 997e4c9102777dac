"""Errors of the store, one class per way a request can fail.

Each carries one readable line (``str(exc)``). The CLI maps them to its exit
statuses (``claimmap.cli.stores.STATUS``) and the dashboard shows the line:

- StoreError: the store cannot be used or a write failed (base class).
- BadStore: a bad URL, a missing or corrupt file, a schema this code cannot use.
- StoreBusy: the store is locked by another writer, or the server is unreachable.
- NotFound: no record with that id.
- InvalidEdit: the edit is refused by validation (``problems`` lists every reason).
- StaleVersion: the record changed since the version the edit was based on.
- NotAllowed: the user may not make this change.
"""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot do what was asked; nothing was changed."""


class BadStore(StoreError):
    """The store named cannot be opened as a claimmap store (URL, file, schema)."""


class StoreBusy(StoreError):
    """The store is locked by another writer or its server cannot be reached."""


class EditError(StoreError):
    """An edit was refused; nothing was changed."""


class NotFound(EditError):
    """No record with that id in the store."""


class InvalidEdit(EditError):
    """The edit does not pass validation.

    Parameters
    ----------
    problems : one readable line per reason (at least one).
    """

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems))


class StaleVersion(EditError):
    """The record changed since the version the edit expected.

    Parameters
    ----------
    entity, entity_id : what was edited (``"claim"``, its id).
    expected : the version the edit was based on.
    actual : the version in the store.
    """

    def __init__(self, entity: str, entity_id: str, expected: int, actual: int):
        self.entity, self.entity_id = entity, entity_id
        self.expected, self.actual = expected, actual
        super().__init__(
            f"{entity} {entity_id} is at version {actual}, not {expected}: it changed since "
            "you read it; reload it and apply your change again"
        )


class NotAllowed(EditError):
    """The user may not make this change (a role the database enforces)."""
