"""Time budgets (SIGALRM, main thread of a Unix process only): a rule on a document, a reader on one."""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Optional


class RuleTimeoutError(BaseException):
    """Raised inside a rule when it exceeds the per-document time budget.

    A ``BaseException`` (like ``KeyboardInterrupt``): plugin code that wraps
    its work in ``try: ... except Exception: continue`` would otherwise swallow
    it and hang the run with the budget spent.
    """


class Timer:
    """A per-call time budget using SIGALRM (main thread of a Unix process only).

    Elsewhere (threads, Windows) the budget is not enforced; the rule still runs.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.enabled = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
        # An alarm whose Python handler runs only after stop() (signals are
        # handled between bytecodes) must not raise outside the rules.
        self.active = False
        # The handler is installed when a budget is first armed: a run without one makes no signal calls.
        self.installed = False

    def _expire(self, signum: int, frame: Optional[FrameType]) -> None:  # pragma: no cover - timing dependent
        if self.active:
            self.active = False  # one raise per start(): never a second one in the engine's own code
            raise RuleTimeoutError

    def start(self, seconds: Optional[float] = None) -> None:
        """Arm the budget: ``seconds``, or the timer's own (0: no budget, no system call)."""
        budget = self.seconds if seconds is None else seconds
        if self.enabled and budget > 0:
            if not self.installed:
                signal.signal(signal.SIGALRM, self._expire)
                self.installed = True
            self.active = True
            signal.setitimer(signal.ITIMER_REAL, budget)
        elif self.active:
            self.stop()  # a budget armed before (a reader's) must not run on into this unlimited one

    def stop(self) -> None:
        if self.active:
            self.active = False
            signal.setitimer(signal.ITIMER_REAL, 0)
