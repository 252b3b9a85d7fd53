"""`/mentor admin …`: programme controls for admins."""

from __future__ import annotations

from slack_bolt import Respond

from bot.blocks.admin import ADMIN_HELP, round_text
from bot.commands import Command
from bot.services.admins import require_admin
from bot.services.delivery import deliver_due
from bot.services.rounds import plan_round, run_round
from handlers.shared import Asker


def handle_admin(cmd: Command, asker: Asker, respond: Respond) -> None:
    require_admin(client=asker.client, settings=asker.deps.settings, user_id=asker.user_id)
    words = cmd.args.lower().split()
    if words[:1] != ["match"]:
        respond(text=ADMIN_HELP, response_type="ephemeral")
        return
    deps, now = asker.deps, asker.deps.clock.now()
    ranks = deps.catalogue.stage_ranks
    preview = words[1:2] == ["preview"]
    with deps.sessions.begin() as session:
        if preview:
            plan = plan_round(session=session, team_id=asker.team_id, now=now, catalogue_ranks=ranks)
        else:
            _, plan = run_round(
                session=session, team_id=asker.team_id, now=now, catalogue_ranks=ranks, trigger="admin"
            )
        text = round_text(plan, deps.catalogue, preview=preview)
    respond(text=text, response_type="ephemeral")
    if not preview:
        deliver_due(deps=deps, client=asker.client, now=now)
