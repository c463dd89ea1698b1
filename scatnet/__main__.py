"""``python -m scatnet``: the ``scatnet`` command (``extract``, ``info``, ``bank``)."""
from scatnet.batch.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
