"""The arshif error tree: every failure a user can meet, each with its documented exit code.

The CLI turns an `ArshifError` into one line on stderr and `exit_code` in exactly one place
(`arshif.cli.main`). Exit codes follow grep for search (0 hits, 1 none, 2 usage) and are
documented in docs/cli.md.
"""

from __future__ import annotations


class ArshifError(Exception):
    """Base of all errors arshif reports to a user. The message names the next step."""

    exit_code = 3


class UsageError(ArshifError):
    """The command's arguments or a query are malformed."""

    exit_code = 2


class QuerySyntaxError(UsageError):
    """A search query could not be parsed; the message points at the problem."""


class ArchiveNotFound(ArshifError):
    """No archive was given and none was found walking up from the working directory."""

    exit_code = 4


class ObjectNotFound(ArshifError):
    """No object (record) with that id is in the archive."""

    exit_code = 5


class VersionNotFound(ObjectNotFound):
    """The object exists but has no such version."""


class InputError(ArshifError):
    """A capture or manifest is refused (binary, bad encoding, too large, hostile XML...)."""

    exit_code = 6


class InvalidRecord(ArshifError):
    """A TEI record does not validate against the arshif schema."""

    exit_code = 7


class ValidationError(ArshifError):
    """A metadata value given by the user is not valid (date, language code, URL...)."""

    exit_code = 2


class IntegrityError(ArshifError):
    """The archive failed verification: a digest mismatch, an invalid object, leftover staging."""

    exit_code = 8


class IndexStale(ArshifError):
    """The search index was built by another analysis version and must be rebuilt."""

    exit_code = 9


class LockTimeout(ArshifError):
    """Another writer holds the archive lock longer than we were willing to wait."""

    exit_code = 10


class ReadOnlyArchive(ArshifError):
    """The archive cannot be written (permissions or a read-only file system)."""

    exit_code = 11


class ExternalToolError(ArshifError):
    """An external program arshif relies on (e.g. the editor) failed."""

    exit_code = 12
