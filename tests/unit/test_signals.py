"""`signals.stop_on_signals`: the first signal stops, a second exits, shields hold."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from es_ingest.signals import Stopped, stop_on_signals


def test_a_signal_raises_stopped_with_its_number() -> None:
    with stop_on_signals() as stop, pytest.raises(Stopped) as caught:
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(1000):  # the handler runs between two bytecodes
            pass
    assert caught.value.signum == signal.SIGTERM and stop.signum == signal.SIGTERM
    assert stop.event.is_set()
    assert isinstance(caught.value, KeyboardInterrupt)  # cleans up like Ctrl-C


def test_a_shield_delays_the_raise_to_its_end() -> None:
    done = []
    with stop_on_signals() as stop, pytest.raises(Stopped):
        with stop.shield():
            os.kill(os.getpid(), signal.SIGHUP)
            for _ in range(1000):
                pass
            done.append("the record was written whole")
        done.append("never reached")
    assert done == ["the record was written whole"]
    assert stop.signum == signal.SIGHUP


def test_while_finishing_a_signal_is_recorded_not_raised() -> None:
    with stop_on_signals() as stop:
        stop.finishing()
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(1000):
            pass
    assert stop.signum == signal.SIGTERM


def test_previous_handlers_come_back() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with stop_on_signals():
        assert signal.getsignal(signal.SIGTERM) != before
    assert signal.getsignal(signal.SIGTERM) == before


SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    from es_ingest.signals import Stopped, stop_on_signals

    with stop_on_signals() as stop:
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(1000):
                pass
        except Stopped:
            print("first: saving", flush=True)
        with stop.shield():
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(1000):
                pass
            print("record written whole", flush=True)
        print("never printed", flush=True)
    """
)


def test_a_second_signal_exits_at_once_after_the_record_in_hand() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 128 + signal.SIGINT, proc.stderr
    assert proc.stdout.splitlines() == ["first: saving", "record written whole"]
    assert "second signal" in proc.stderr


AFTER = textwrap.dedent(
    """
    import os, signal
    from es_ingest.signals import Stopped, stop_on_signals

    try:
        with stop_on_signals():
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(1000):
                pass
    except Stopped:
        print("stopped; printing the summary", flush=True)
    os.kill(os.getpid(), signal.SIGINT)  # the second signal, after the run returned
    for _ in range(1000):
        pass
    print("never printed", flush=True)
    """
)


def test_a_second_signal_after_the_run_returned_still_exits_at_once() -> None:
    proc = subprocess.run([sys.executable, "-c", AFTER], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 128 + signal.SIGINT, proc.stderr
    assert proc.stdout.splitlines() == ["stopped; printing the summary"]
    assert "Traceback" not in proc.stderr
