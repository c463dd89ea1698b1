"""Filter banks: metas, Fourier design, normalisation, trimming, supports, caching (spec §2)."""
from .bank import FilterBank, Invariant, clear_cache, set_cache, setup_bank, setup_invariant
from .metas import Metas, fill_bank_metas
from .storage import TrimmedFilters

__all__ = ["FilterBank", "Invariant", "Metas", "TrimmedFilters", "clear_cache", "fill_bank_metas",
           "set_cache", "setup_bank", "setup_invariant"]
