"""Errors of the store, each a subclass of an `arshif.errors` class (so the CLI maps them)."""

from __future__ import annotations

from arshif.errors import ArshifError, InputError, LockTimeout, ObjectNotFound


class ConcurrentUpdate(LockTimeout):
    """The object's head moved since the caller read it (another writer got there first)."""


class ObjectExistsError(ArshifError):
    """`create_object` was asked for an id that is already in the archive."""


class ObjectDiverges(ObjectExistsError, InputError):
    """An object brought in whole has another history than the one already in the archive."""


class LogicalPathNotFound(ObjectNotFound):
    """The object (version) has no file at that logical path."""
