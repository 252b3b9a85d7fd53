"""Every callback_id, action_id and block_id the app uses, in one place."""

COMMAND = "/mentor"

# Modals (callback_id)
JOIN_VIEW = "mentor_join"
PAUSE_VIEW = "mentor_pause"
LEAVE_VIEW = "mentor_leave"

# Buttons (action_id)
HOME_JOIN = "home_join"
HOME_EDIT = "home_edit_profile"
HOME_PAUSE = "home_pause"
HOME_RESUME = "home_resume"
HOME_LEAVE = "home_leave"

# Inputs in the pause and leave modals (block_id / action_id)
PAUSE_UNTIL_BLOCK = "pause_until"
PAUSE_UNTIL_ACTION = "date"
LEAVE_ERASE_BLOCK = "leave_erase"
LEAVE_ERASE_ACTION = "erase"
LEAVE_ERASE_VALUE = "erase"
WHICH_BLOCK = "which_programme"  # pause and leave: every programme, or one (for someone in several)
WHICH_EVERY = "every"

# Inputs in the join modal: block_id is a bot.profile.Field value; each has one element with this action_id.
INPUT_ACTION = "value"
CONSENT_VALUE = "consent"

# Introductions (in the pair's group DM)
INTRO_AGREEMENT = "intro_agreement"
INTRO_NOT_FIT = "intro_not_fit"  # on introductions sent before it moved to the App Home
HOME_NOT_FIT = "home_not_fit"
INTRO_AGREE = "intro_agree"  # "We agree" (the modal it opens carries the version read)
AGREEMENT_VIEW = "pair_agreement"  # proposing the agreement (or a change to it)
AGREE_VIEW = "pair_agree"  # agreeing to it
AGREEMENT_GOAL_PREFIX = "agreement_goal:"  # + bot.agreement.Goal.key: one input per direction of learning
AGREEMENT_CADENCE_BLOCK = "agreement_cadence"
AGREEMENT_MINUTES_BLOCK = "agreement_minutes"
AGREEMENT_PRIVATE_BLOCK = "agreement_private"
CONFIDENCE_PREFIX = "confidence:"  # + a topic id: a private 1-5 rating (agreement modals, term-end poll)
OUTBOX_BLOCK_PREFIX = "outbox:"  # the first block of every outbox message: how a resend finds the original

# The "don't pair me with" list
HOME_AVOID = "home_avoid"
HOME_GUIDES = "home_guides"
TALK_OPEN = "talk_to_team"  # on Home and on every poll: write to the programme team privately
TALK_VIEW = "mentor_talk"
TALK_WHICH_BLOCK = "talk_programme"
TALK_TEXT_BLOCK = "talk_text"
TALK_NAMED_BLOCK = "talk_named"
TALK_NAMED_VALUE = "named"
SKIP_ROUND = "skip_round"  # on the heads-up before a round; value: its key
TAKE_PART = "take_part"  # …and back again
THANKS_OPEN = "thanks_open"  # on the poll after a meeting; value: the poll's key
THANKS_VIEW = "mentor_thanks"
THANKS_TEXT_BLOCK = "thanks_text"
STORY_OPEN = "story_open"  # on the term-end message; value: the pair's id
STORY_VIEW = "mentor_story"
STORY_TEXT_BLOCK = "story_text"
STORY_CONSENT_BLOCK = "story_consent"
STORY_CONSENT_VALUE = "post_it"
STORY_APPROVE = "story_approve"  # on an admin's review; value: the pair's id
STORY_DECLINE = "story_decline"
ASK_TEACH = "ask_teach"  # the report's button by a scarce topic; value: {"p": programme id, "t": topic}
ASK_TEACH_YES = "ask_teach_yes"  # value: the ask's id
ASK_TEACH_NO = "ask_teach_no"
LISTEN_OPEN = "listen_open"  # on the listening question's message; value: its key
LISTEN_VIEW = "mentor_listen"
LISTEN_THEMES_BLOCK = "listen_themes"
LISTEN_TEXT_BLOCK = "listen_text"
LISTEN_QUOTE_BLOCK = "listen_quote"
LISTEN_QUOTE_VALUE = "quotable"
AVOID_VIEW = "mentor_avoid"
AVOID_BLOCK = "avoid_users"
AVOID_ACTION = "users"

# Check-ins (pair DM): the button's value is the check-in id
CHECKIN_ANSWERS = {
    "checkin_met": "met",
    "checkin_scheduled": "scheduled",
    "checkin_not_yet": "not_yet",
    "checkin_pause": "pause",
}
PAIR_RESUME = "pair_resume"
STARTER_ANOTHER = "starter_another"
GOAL_PROGRESS = "goal_progress"  # a select on a check-in; its block: PROGRESS_BLOCK_PREFIX + check-in + goal
PROGRESS_BLOCK_PREFIX = "progress:"
SUGGEST_TIMES = "pair_suggest_times"  # value: the pair id
PICK_TIME = "pair_pick_time"  # value: the suggested start, as a Unix time
# Private questions (member's DM): the value is the pair id
STALLED_CHOICES = {"stalled_continue": "continue", "stalled_pause": "pause", "stalled_end": "end"}
WHY_CHOICES = {
    f"why_{k}": k for k in ("goals", "time", "match", "momentum", "changed", "other")
}  # bot.endings
TERM_CHOICES = {"term_continue": "continue", "term_pool": "pool", "term_done": "done"}
POLL_OPEN = "poll_open"  # value: the poll key
POLL_VIEW = "mentor_poll"
POLL_VALUE_BLOCK = "poll_value"
POLL_LEARNED_BLOCK = "poll_learned"
POLL_TAUGHT_BLOCK = "poll_taught"
POLL_FIT_BLOCK = "poll_fit"
POLL_COMMENT_BLOCK = "poll_comment"

# The programme settings modal: block ids are the setting names, each with one element (INPUT_ACTION)
SETTINGS_VIEW = "mentor_settings"

# Programmes: the admins' list (`/mentor admin programmes`) and the modal that makes or changes one
PROGRAMME_NEW = "programme_new"
PROGRAMME_EDIT = "programme_edit"  # value: the programme's id
PROGRAMME_VIEW = "mentor_programme"  # private_metadata: the programme's id ("" for a new one)
PROGRAMME_SETTINGS = "programme_settings"  # value: the programme's id
JOIN_APPROVE = "join_approve"  # on an admin's Home; value: the request's id
JOIN_DECLINE = "join_decline"
PROGRAMME_PICK = "programme_pick"  # in the join picker; value: the programme's id

# The admins' dashboard on the Home tab
HOME_ADMIN_PREVIEW = "home_admin_preview"
HOME_ADMIN_MATCH = "home_admin_match"
HOME_ADMIN_SETTINGS = "home_admin_settings"
HOME_ADMIN_REPORT = "home_admin_report"
HOME_ADMIN_PROGRAMMES = "home_admin_programmes"
