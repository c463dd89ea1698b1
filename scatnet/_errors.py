"""Exception and warning classes of scatnet.

Every error raised on user input derives from :class:`ScatnetError` *and* from the
matching built-in (``ValueError`` or ``TypeError``) so that generic handlers keep working.
"""


class ScatnetError(Exception):
    """Root of all scatnet exceptions."""


class OptionError(ScatnetError, ValueError):
    """An option (``opts[m][variable][field]``) is unknown, out of range or inconsistent."""


class OptionTypeError(ScatnetError, TypeError):
    """An option has the wrong type (e.g. a string where a number is expected)."""


class InputError(ScatnetError, ValueError):
    """The signal passed to :func:`scatnet.sc_propagate` has a wrong shape, dtype or value."""


class InputTypeError(ScatnetError, TypeError):
    """The signal passed to :func:`scatnet.sc_propagate` has a wrong type."""


class MemoryBudgetError(InputError):
    """The ``memory_budget`` given cannot hold the least work arrays the plan needs.

    Raised before any computation; the message gives the figure and what would shrink it.
    """


class ScatnetWarning(UserWarning):
    """Root of scatnet warnings."""


class EnforcedOptionWarning(ScatnetWarning):
    """A user value of an option that the original toolbox derives ("enforces") was replaced."""


class IgnoredOptionWarning(ScatnetWarning):
    """An option the original toolbox accepts but never reads (e.g. ``phi``) was ignored."""
