"""Checks and the closing 'N passed, M failed' line shared by the CLI test scripts."""
import sys

_failures = []
_checks = 0


def check(cond, what):
    global _checks
    _checks += 1
    if not cond:
        _failures.append(what)
        print("FAIL:", what, flush=True)


def finish(name):
    print(f"{name}: {_checks - len(_failures)} passed, {len(_failures)} failed")
    sys.exit(1 if _failures or _checks == 0 else 0)
