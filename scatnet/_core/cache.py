"""One cache policy: what :func:`scatnet.clear_cache` frees.

Front ends register the functions that forget their cached filter banks; execution plans and
coefficient casts live on the (immutable) architecture and filter objects and go with them; the
kept work arrays of every thread (:mod:`scatnet._core.workspace`) are freed here.
"""
from . import workspace

_CLEARERS = []


def register(fn):
    """Register ``fn()`` to be called by :func:`clear_cache` (decorator).

    Parameters
    ----------
    fn : callable
        Function of no arguments that forgets a front end's cached filter banks.

    Returns
    -------
    callable
        ``fn`` itself, so that ``register`` can decorate it.
    """
    _CLEARERS.append(fn)
    return fn


def clear_cache():
    """Forget the cached filter banks of every front end and the kept work arrays.

    MATLAB: no equivalent (the originals rebuild their filters on every call). Frees the
    memory they hold; the next setup is a cold one. Execution plans and cast coefficients
    live on the architecture objects and are freed with them.

    Examples
    --------
    >>> import scatnet
    >>> scatnet.clear_cache()
    """
    for fn in _CLEARERS:
        fn()
    workspace.clear()
