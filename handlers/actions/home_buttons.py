"""The App Home tab's buttons: each opens its modal or acts, after a plain ack."""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient

from bot.deps import Deps
from bot.payload import Payload
from handlers.actions.intro_buttons import end_as_not_a_fit
from handlers.shared import Asker, open_modal, resume


def _opens(kind: str) -> Callable[[Payload, WebClient, Deps, Payload], None]:
    def work(body: Payload, client: WebClient, deps: Deps, opened: Payload) -> None:
        open_modal(kind, _asker(body, client, deps, opened))

    work.__name__ = f"on_home_{kind}"
    return work


on_join = on_edit = _opens("profile")
on_pause = _opens("pause")
on_leave = _opens("leave")
on_guides = _opens("guides")
on_avoid = _opens("avoid")


def on_resume(body: Payload, client: WebClient, deps: Deps) -> None:
    asker = _asker(body, client, deps)
    resume(
        client=client, deps=deps, team_id=asker.team_id, user_id=asker.user_id
    )  # the Home tab is the answer


def on_not_fit(body: Payload, client: WebClient, deps: Deps) -> None:
    end_as_not_a_fit(body, client, deps)  # the Home tab is the answer


def _asker(body: Payload, client: WebClient, deps: Deps, opened: Payload | None = None) -> Asker:
    team_id = body["team"]["id"] if body.get("team") else body["user"]["team_id"]
    return Asker(
        client=client,
        deps=deps,
        body=body,
        team_id=team_id,
        user_id=body["user"]["id"],
        trigger_id=body["trigger_id"],
        opened=opened,
    )
