"""Read a pickle's opcodes without running it, to tell why torch would refuse it.

Safety never depends on this module: weights are only ever loaded with
``torch.load(..., weights_only=True)``, whose unpickler refuses any global that is not
a tensor-rebuilding function. This scan (the standard library's ``pickletools``,
which decodes opcodes and calls nothing) only chooses the message: a file that
names other globals (``os.system``, a pickled ``nn.Module``...) holds Python
objects whose loading could run code; a file whose opcodes stop making sense is
damaged or not a pickle at all.
"""
from __future__ import annotations

import io
import pickletools
from dataclasses import dataclass

# Opcodes that push a string, a memo store / fetch, and the global lookups.
_STRINGS = {"SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8", "UNICODE", "STRING",
            "BINSTRING", "SHORT_BINSTRING"}
_PUTS = {"PUT", "BINPUT", "LONG_BINPUT"}
_GETS = {"GET", "BINGET", "LONG_BINGET"}
MAX_PICKLES = 5  # the legacy torch.save format is five pickles, then raw storage bytes


@dataclass(frozen=True)
class PickleScan:
    """What the pickles at the start of a file refer to.

    Attributes
    ----------
    globals : tuple of str
        ``module.name`` of every global the pickles look up (``"?"`` when a lookup's
        name could not be followed: treated as unknown, never as safe).
    pickles : int
        Complete pickles read.
    damaged : bool
        Whether the opcodes stopped making sense before a pickle's end.
    """

    globals: tuple[str, ...]
    pickles: int
    damaged: bool


def _scan_one(stream: io.BytesIO, found: list[str]) -> None:
    """Read one pickle's opcodes up to its STOP, collecting its globals."""
    memo: dict[int, str | None] = {}
    recent: list[str | None] = []  # last pushed values that may name a global
    for opcode, argument, _ in pickletools.genops(stream):
        name = opcode.name
        if name in ("GLOBAL", "INST"):
            found.append(str(argument).replace(" ", "."))
        elif name == "STACK_GLOBAL":
            module = recent[-2] if len(recent) >= 2 else None
            attribute = recent[-1] if recent else None
            found.append(f"{module}.{attribute}" if module and attribute else "?")
        if name in _STRINGS:
            recent.append(argument if isinstance(argument, str) else None)
        elif name in _GETS:
            recent.append(memo.get(argument))
        elif name in _PUTS:
            memo[argument] = recent[-1] if recent else None
        elif name == "MEMOIZE":
            memo[len(memo)] = recent[-1] if recent else None
        elif name not in ("PROTO", "FRAME"):
            recent.append(None)
        del recent[:-2]


def scan_pickles(data: bytes, max_pickles: int = MAX_PICKLES) -> PickleScan:
    """Collect the globals named by the pickles at the start of ``data``.

    Pickles are read one after another (as the legacy ``torch.save`` format writes
    them) until the data ends, ``max_pickles`` were read, or the next bytes are not a
    pickle (the raw tensor bytes that follow them).
    """
    stream = io.BytesIO(data)
    found: list[str] = []
    pickles = 0
    while pickles < max_pickles and stream.tell() < len(data):
        start = stream.tell()
        try:
            _scan_one(stream, found)
        except Exception:  # noqa: BLE001 - any decoding failure: not (or no longer) a pickle
            # After the first pickle, non-pickle bytes are the tensors' raw data.
            return PickleScan(tuple(found), pickles, damaged=pickles == 0 or
                              _looks_like_pickle(data[start:start + 2]))
        pickles += 1
    return PickleScan(tuple(found), pickles, damaged=False)


def _looks_like_pickle(head: bytes) -> bool:
    return len(head) == 2 and head[0] == 0x80 and 2 <= head[1] <= 5
