"""How every listener runs: an ack step at once, in the request's own thread, then the work in a pool.

Slack wants an answer within three seconds. Bolt runs with `process_before_response=True`, so the HTTP
response (or the Socket Mode ack) goes back as soon as the listener returns, and the listener that Bolt
sees is `run` below: it calls the *ack step* (pure: it reads the request, checks a form, may answer with
inline errors or a text; it never touches the database or the Web API) and acknowledges, then hands the
*work* to the work pool (`deps.work`, or the slow lane for seconds-long admin work) and returns. So an
acknowledgement never waits for a database lock, a slow Slack call or a busy pool.

A request that shows a modal (`modal=`) first has a light "one moment" modal opened for it in the prompt
lane (`deps.prompt`: many threads with nothing else to do), because its trigger_id dies three seconds
after the click however busy the work pool is; the work then fills that modal in (`opened`).

Whatever either step raises is answered by handlers.errors (a kind reply, a traceback in the log) and is
never handed back to Bolt, which would otherwise drop the acknowledgement (Slack then shows a 404).
"""

from __future__ import annotations

import inspect
import logging
import re
import time
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot import ids, logs
from bot.blocks.dialogs import loading_modal
from bot.logs import carried
from bot.payload import Payload
from handlers.errors import answer

log = logging.getLogger(__name__)
DONE = object()  # returned by an ack step that answered everything itself: no work follows
Step = Callable[..., Any]
# What a step may ask for by name: Bolt's request pieces and our Deps; the work step also gets what the ack
# step returned (`acked`) and the modal opened for it (`opened`: the views.open answer, or None).
NAMES = {"ack", "body", "client", "command", "action", "view", "event", "respond", "deps", "acked", "opened"}
WORK_ONLY = {"acked", "opened"}


def listener(
    work: Step | None = None,
    *,
    acknowledge: Step | None = None,
    slow: bool = False,
    modal: bool | Callable[[Any], bool] = False,
) -> Callable[[dict[str, Any]], None]:
    """A listener made of an ack step (default: a plain ack) and the work that follows it, for a router to
    call with the request's pieces. `modal`: the work shows a modal (or, given what the ack step returned,
    whether it does)."""
    for step in (work, acknowledge):
        unknown = set(_names(step)) - NAMES if step else set()
        if step:
            step.wanted = _names(step)  # type: ignore[attr-defined]  # read once, not per request
        if step and unknown:
            raise TypeError(f"{step.__name__} asks for {sorted(unknown)}; a step may ask for {sorted(NAMES)}")
    if acknowledge and WORK_ONLY & set(_names(acknowledge)):
        raise TypeError(f"{acknowledge.__name__}: only the work step receives {sorted(WORK_ONLY)}")

    def run(given: dict[str, Any]) -> None:
        """One request, from its router: `given` holds its pieces by name (see Routes._router)."""
        ack, body, client = given["ack"], given["body"], given["client"]
        deps = given["deps"] = given.pop("context")["deps"]
        try:
            acked = _call(acknowledge, given) if acknowledge else None
        except Exception as exc:  # noqa: BLE001 - answered (from the pool), never raised to Bolt
            _ack_once(ack)
            deps.metrics.acked(given["surface"], given["began"])
            deps.work.submit(carried(answer), exc, body, client)
            return
        _ack_once(ack)
        deps.metrics.acked(given["surface"], given["began"])
        if work is None or acked is DONE:
            return
        pool = deps.slow if slow else deps.work
        given.update(acked=acked, opened=None)
        if modal is True or (callable(modal) and modal(acked)):
            deps.prompt.submit(carried(_open_then_work), work, given, pool)
        else:
            pool.submit(carried(_guarded), work, given)

    run.__name__ = run.__qualname__ = (work or acknowledge or run).__name__
    run.guarded = True  # type: ignore[attr-defined]  # marks a listener built here (checked at install)
    return run


def _open_then_work(work: Step, given: dict[str, Any], pool: Executor) -> None:
    """Open the light modal within the trigger's three seconds, then queue the work that fills it in."""
    client = given["client"]
    try:
        given["opened"] = client.views_open(trigger_id=given["body"]["trigger_id"], view=loading_modal())
    except Exception as exc:  # noqa: BLE001 - answered here, never raised
        answer(exc, given["body"], client)
        return
    pool.submit(carried(_guarded), work, given)


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
    return step(**{name: given[name] for name in step.wanted})  # type: ignore[attr-defined]  # set in listener()


def _about(kind: str, key: object, body: Payload) -> dict[str, str]:
    """What a log record says of its request: the surface and the ids, never anything anyone wrote."""
    team = body.get("team_id") or (body.get("team") or {}).get("id") or ""
    user = body.get("user_id") or (body.get("user") or {}).get("id") or (body.get("event") or {}).get("user")
    if key in UNNAMED:
        user = ""
    return {"surface": f"{kind}:{key}", "team": str(team), "user": str(user or "")}


# Requests logged without who sent them: a note to the programme team (and opening its modal) is anonymous
# unless signed, and an answer to the listening question is kept without a name; a log line with a time
# and a user id beside it would say who wrote it.
UNNAMED = frozenset({ids.TALK_OPEN, ids.TALK_VIEW, ids.LISTEN_OPEN, ids.LISTEN_VIEW})


class Routes:
    """Every listener by the id Slack sends, behind one Bolt listener per kind of request.

    Packages register with the same decorators Bolt offers (`routes.action(ids.X)(listener(...))`); Bolt
    then matches four listeners instead of thirty-odd (its matching reads every listener's arguments for
    every request), and the route is a dictionary lookup."""

    # Each kind of request, and where its routing key is: (the payload, the key in it).
    KINDS: dict[str, tuple[str, str]] = {
        "command": ("command", "command"),
        "action": ("action", "action_id"),
        "view": ("view", "callback_id"),
        "event": ("event", "type"),
    }

    def __init__(self) -> None:
        self.tables: dict[str, dict[str, Callable[[dict[str, Any]], None]]] = {
            kind: {} for kind in self.KINDS
        }

    def command(self, name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
        return self._add("command", name)

    def action(self, action_id: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
        return self._add("action", action_id)

    def view(self, callback_id: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
        return self._add("view", callback_id)

    def event(self, event_type: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
        return self._add("event", event_type)

    def _add(self, kind: str, key: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
        def add(run: Callable[..., None]) -> Callable[..., None]:
            if not getattr(run, "guarded", False):
                raise TypeError(f"{kind} {key}: build it with handlers.listen.listener")
            if key in self.tables[kind]:
                raise ValueError(f"{kind} {key} is routed twice")
            self.tables[kind][key] = run
            return run

        return add

    def install(self, app: Any) -> None:
        anything = re.compile(".*")
        app.command(anything)(self._router("command"))
        app.action(anything)(self._router("action"))
        app.view(anything)(self._router("view"))
        app.event(anything)(self._router("event"))

    def _router(self, kind: str) -> Callable[..., None]:
        table, (payload, field) = self.tables[kind], self.KINDS[kind]

        # Bolt passes these by name (it reads this function's parameters); the listener gets them as one dict.
        def route(
            ack: Ack,
            body: Payload,
            client: WebClient,
            command: Payload | None,
            action: Payload | None,
            view: Payload | None,
            event: Payload | None,
            respond: Respond,
            context: BoltContext,
        ) -> None:
            given: dict[str, Any] = dict(
                began=time.perf_counter(),  # for /metrics: how long until the ack
                ack=ack,
                body=body,
                client=client,
                command=command,
                action=action,
                view=view,
                event=event,
                respond=respond,
                context=context,
            )
            try:
                key = given[payload][field]
                run = table.get(key)
            except (KeyError, TypeError):
                key, run = "?", None
            logs.request.set(_about(kind, key, body))  # every record of this request says which it is
            given["surface"] = f"{kind}:{key}"
            if run is None:  # nothing of ours: acknowledged, so Slack doesn't retry it
                _ack_once(ack)
                log.info("no listener for this %s", kind)
                return
            run(given)

        route.__name__ = f"route_{kind}"
        route.guarded = True  # type: ignore[attr-defined]  # a router answers its own errors too
        return route
