"""How every listener runs: an ack step at once, in the request's own thread, then the work in a pool.

Slack wants an answer within three seconds. Bolt runs with `process_before_response=True`, so the HTTP
response (or the Socket Mode ack) goes back as soon as the listener returns, and the listener that Bolt
sees is `run` below: it calls the *ack step* (pure: it reads the request, checks a form, may answer with
inline errors or a text; it never touches the database or the Web API) and acknowledges, then hands the
*work* to the work pool (`deps.work`, or the slow lane for seconds-long admin work) and returns. So an
acknowledgement never waits for a database lock, a slow Slack call or a busy pool.

Whatever either step raises is answered by handlers.errors (a kind reply, a traceback in the log) and is
never handed back to Bolt, which would otherwise drop the acknowledgement (Slack then shows a 404).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext

from handlers.errors import answer

DONE = object()  # returned by an ack step that answered everything itself: no work follows
Step = Callable[..., Any]
# What a step may ask for by name: Bolt's request pieces, our Deps, and (for work) what the ack step returned.
NAMES = {"ack", "body", "client", "command", "action", "view", "event", "respond", "deps", "acked"}


def listener(
    work: Step | None = None, *, acknowledge: Step | None = None, slow: bool = False
) -> Callable[..., None]:
    """A Bolt listener made of an ack step (default: a plain ack) and the work that follows it."""
    for step in (work, acknowledge):
        unknown = set(_names(step)) - NAMES if step else set()
        if unknown:
            raise TypeError(f"{step.__name__} asks for {sorted(unknown)}; a step may ask for {sorted(NAMES)}")
    if acknowledge and "acked" in _names(acknowledge):
        raise TypeError(f"{acknowledge.__name__}: only the work step receives `acked`")

    # Bolt passes these by name (it reads this function's parameters).
    def run(
        ack: Ack, body: dict, client, command, action, view, event, respond, context: BoltContext
    ) -> None:  # type: ignore[no-untyped-def]
        deps = context["deps"]
        given = dict(ack=ack, body=body, client=client, command=command, action=action, view=view, event=event,
                     respond=respond, deps=deps)  # fmt: skip
        try:
            acked = _call(acknowledge, given) if acknowledge else None
        except Exception as exc:  # noqa: BLE001 - answered (from the pool), never raised to Bolt
            _ack_once(ack)
            deps.work.submit(answer, exc, body, client)
            return
        _ack_once(ack)
        if work is None or acked is DONE:
            return
        pool = deps.slow if slow else deps.work
        pool.submit(_guarded, work, {**given, "acked": acked})

    run.__name__ = run.__qualname__ = (work or acknowledge or run).__name__
    run.guarded = True  # type: ignore[attr-defined]
    return run


def _guarded(work: Step, given: dict[str, Any]) -> None:
    try:
        _call(work, given)
    except Exception as exc:  # noqa: BLE001 - answered here, never raised
        answer(exc, given["body"], given["client"])


def _ack_once(ack: Ack) -> None:
    if ack.response is None:
        ack()


def _names(step: Step) -> list[str]:
    return inspect.getfullargspec(step).args + inspect.getfullargspec(step).kwonlyargs


def _call(step: Step, given: dict[str, Any]) -> Any:
    return step(**{name: given[name] for name in _names(step)})
