"""Progress of ``scatnet extract`` and its final :class:`Summary`.

A tqdm bar on a terminal, plain periodic lines otherwise.
"""
import sys
import time
from dataclasses import dataclass, field

__all__ = ["Progress", "Summary"]

#: Seconds between two plain progress lines.
LINE_EVERY = 10.0


class Progress:
    """Count files and audio seconds as results arrive.

    Parameters
    ----------
    n_files : int
        Inputs to process.
    seconds : float
        Their audio duration.
    mode : {'bar', 'lines', 'off'}
        tqdm bar, plain lines on ``stream``, or nothing.
    stream : file, optional
        Where to write (default ``sys.stderr``).
    """

    def __init__(self, n_files, seconds, mode, stream=None):
        self.n_files, self.seconds, self.mode = n_files, seconds, mode
        self.stream = stream or sys.stderr
        self.files = self.failed = 0
        self.done_seconds = 0.0
        self.t0 = self.last = time.perf_counter()
        self.bar = None
        if mode == "bar":
            try:
                from tqdm import tqdm
            except ImportError:
                self.mode = "lines"
            else:
                self.bar = tqdm(total=round(seconds, 1), unit="s", unit_scale=True,
                                desc="scatnet extract", file=self.stream,
                                bar_format="{desc}: {percentage:3.0f}%|{bar}| {n:.0f}/{total:.0f} "
                                           "s of audio [{elapsed}<{remaining}{postfix}]")
                self._postfix()

    def _postfix(self):
        self.bar.set_postfix_str(f"{self.files}/{self.n_files} files"
                                 + (f", {self.failed} failed" if self.failed else ""))

    def update(self, seconds, failed=False):
        """Count one more input.

        Parameters
        ----------
        seconds : float
            Its audio duration.
        failed : bool
            Whether it failed.
        """
        self.files += 1
        self.failed += bool(failed)
        self.done_seconds += seconds
        if self.bar is not None:
            self.bar.update(seconds)
            self._postfix()
        elif self.mode == "lines":
            now = time.perf_counter()
            if now - self.last >= LINE_EVERY or self.files == self.n_files:
                self.last = now
                self.stream.write(self.line() + "\n")
                self.stream.flush()

    def line(self):
        """Format the progress as one line of text.

        Returns
        -------
        str
            Files, audio seconds, failures and speed so far.
        """
        wall = time.perf_counter() - self.t0
        speed = self.done_seconds / wall if wall > 0 else 0.0
        return (f"scatnet extract: {self.files}/{self.n_files} files, {self.done_seconds:.1f}/"
                f"{self.seconds:.1f} s of audio, {self.failed} failed, {wall:.1f} s, "
                f"{speed:.1f}× real time")

    def close(self):
        """Close the bar."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None


@dataclass
class Summary:
    """What an extraction did (``str(summary)`` is the summary ``scatnet extract`` prints)."""

    out: str
    format: str
    done: int = 0
    skipped: int = 0
    failed: int = 0
    audio_seconds: float = 0.0
    wall_seconds: float = 0.0
    failures: dict = field(default_factory=dict)  #: key → error message, this run
    workers: int = 0
    peak_rss_client: int = 0  #: bytes
    peak_rss_workers: dict = field(default_factory=dict)  #: worker address → bytes
    dashboard: str | None = None
    startup_seconds: float = 0.0  #: starting the Dask cluster and its workers (in wall_seconds)

    @property
    def realtime(self):
        """Audio seconds processed per second of wall time.

        Returns
        -------
        float
            ``audio_seconds / wall_seconds`` (0 when nothing ran).
        """
        return self.audio_seconds / self.wall_seconds if self.wall_seconds > 0 else 0.0

    def __str__(self):
        lines = [(f"scatnet extract → {self.out} ({self.format}): {self.done} done, {self.skipped} "
                  f"skipped (already there), {self.failed} failed; "
                  f"{self.audio_seconds / 3600:.3f} h of audio in {self.wall_seconds:.1f} s "
                  f"({self.realtime:.1f}× real time)")]
        for key, message in list(self.failures.items())[:20]:
            lines.append(f"  failed: {key}: {message}")
        if len(self.failures) > 20:
            lines.append(f"  … and {len(self.failures) - 20} more (open_features(out).failures)")
        return "\n".join(lines)
