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

# Inputs in the join modal: block_id is a bot.profile.Field value; each has one element with this action_id.
INPUT_ACTION = "value"
CONSENT_VALUE = "consent"

# Introductions (in the pair's group DM)
INTRO_AGREEMENT = "intro_agreement"
INTRO_NOT_FIT = "intro_not_fit"
AGREEMENT_VIEW = "pair_agreement"
AGREEMENT_GOALS_BLOCK = "agreement_goals"
AGREEMENT_CADENCE_BLOCK = "agreement_cadence"
OUTBOX_BLOCK_PREFIX = "outbox:"  # the first block of every outbox message: how a resend finds the original

# The "don't pair me with" list
HOME_AVOID = "home_avoid"
AVOID_VIEW = "mentor_avoid"
AVOID_BLOCK = "avoid_users"
AVOID_ACTION = "users"
