"""Stopping a run on SIGINT, SIGTERM or SIGHUP without losing what it read.

`docker stop`, systemd and Kubernetes stop a process with SIGTERM; a closed
terminal sends SIGHUP; Ctrl-C sends SIGINT. All three mean "stop now, keep
what you have": `stop_on_signals()` installs handlers for them (in the main
thread only, restoring the previous ones on exit) and yields a `Stop`.

- The first signal records its number in `Stop.signum`, sets `Stop.event`
  (the bulk sender stops retrying and sending when it sees it) and raises
  `Stopped` in the main thread, so that a blocking read (stdin, a FIFO)
  ends at once. Code inside `Stop.shield()` (writing one pending or rejects
  record, bookkeeping that must not be cut in half) is not interrupted:
  the raise waits for the shield's end, or for the next `check()`.
- A second signal exits at once with 128 + its number, also waiting for
  the end of the record being written, so that everything saved before it
  stays whole in the files.

Exit codes are the shell's: 128 + the signal number (130 SIGINT, 143
SIGTERM, 129 SIGHUP); the number is in `Summary.stopped_by`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType

log = logging.getLogger(__name__)

#: The signals that stop a run.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stopped(KeyboardInterrupt):
    """Raised in the main thread by the first stop signal; `signum` says which.

    A `KeyboardInterrupt`, so that code which already cleans up after Ctrl-C
    (generators, worker pools) does the same for SIGTERM and SIGHUP.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class Stop:
    """The stop request of one run, shared by the threads that need to see it."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self.event = threading.Event()
        self._depth = 0  # shield nesting, main thread only
        self._raise_later = False
        self._exit_later: int | None = None
        self._raising = True

    @property
    def requested(self) -> bool:
        return self.signum is not None

    def request(self, signum: int) -> None:
        """Ask the run to stop (what the first signal does, without the raise)."""
        if self.signum is None:
            self.signum = signum
        self.event.set()

    def finishing(self) -> None:
        """From now on a first signal is only recorded: the run is saving what it has."""
        self._raising = False
        self._raise_later = False

    def check(self) -> None:
        """Raise `Stopped` when a stop was requested and not raised yet."""
        if self._raise_later and self._depth == 0 and self._raising:
            self._raise_later = False
            raise Stopped(self.signum or signal.SIGINT)

    @contextlib.contextmanager
    def shield(self) -> Iterator[None]:
        """A section no signal interrupts; a pending raise or exit happens at its end."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
        if self._depth == 0:
            if self._exit_later is not None:
                _exit_now(self._exit_later)
            self.check()

    def handle(self, signum: int, _frame: FrameType | None = None) -> None:
        """The signal handler (runs in the main thread, between two bytecodes)."""
        if self.signum is not None:  # second signal: leave at once
            log.warning("second signal (%s): exiting now", _name(signum))
            if self._depth:
                self._exit_later = 128 + signum
                return
            _exit_now(128 + signum)
        self.request(signum)
        log.warning(
            "stopped by %s: saving articles in flight as pending (a second signal exits at once)",
            _name(signum),
        )
        self._raise_later = self._raising
        self.check()


def _name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


def _exit_now(code: int) -> None:
    # Every record is flushed as it is written; stdio may hold the summary's start.
    with contextlib.suppress(Exception):
        sys.stderr.flush()
        sys.stdout.flush()
    os._exit(code)


@contextlib.contextmanager
def stop_on_signals(stop: Stop | None = None) -> Iterator[Stop]:
    """Handle `STOP_SIGNALS` with `stop` (a new `Stop` by default) inside the block.

    Outside the main thread signals cannot be handled: the `Stop` is yielded
    all the same (it can still be requested by hand) and nothing is installed.
    """
    stop = stop or Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous = {}
    for signum in STOP_SIGNALS:
        with contextlib.suppress(OSError, ValueError):
            previous[signum] = signal.signal(signum, stop.handle)
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            # After a first signal, the process is on its way out (summary,
            # worker shutdown at exit): a second one still exits at once,
            # not with a traceback from wherever it lands.
            signal.signal(signum, _exit_at_once if stop.requested else handler)


def _exit_at_once(signum: int, _frame: FrameType | None = None) -> None:
    _exit_now(128 + signum)
