import pytest

from bot.config import ConfigError, load_settings

TOKEN = "xoxb-111-222-secretsecret"


def test_defaults_follow_the_operating_contract():
    s = load_settings({})
    assert s.slack_api_url == "https://slack.com/api/"
    assert s.database_url == "sqlite:///mentorship.db"
    assert s.port == 3000 and s.scheduler_enabled and s.admins == frozenset() and not s.socket_mode


def test_values_are_read_and_normalised():
    s = load_settings(
        {
            "SLACK_API_URL": "http://127.0.0.1:9/api",
            "PORT": "8080",
            "MENTOR_ADMINS": " U1, U2 ,,",
            "SCHEDULER_ENABLED": "false",
            "SLACK_APP_TOKEN": "xapp-1-A-1-abc",
        }
    )
    assert s.slack_api_url == "http://127.0.0.1:9/api/"
    assert (s.port, s.admins, s.scheduler_enabled, s.socket_mode) == (8080, {"U1", "U2"}, False, True)


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"PORT": "http"}, "PORT must be"),
        ({"PORT": "70000"}, "PORT must be"),
        ({"SCHEDULER_ENABLED": "maybe"}, "SCHEDULER_ENABLED"),
        ({"SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL"),
    ],
)
def test_unreadable_values_are_refused_in_one_sentence(env, fragment):
    with pytest.raises(ConfigError, match=fragment):
        load_settings(env)


@pytest.mark.parametrize(
    ("env", "listening", "fragment"),
    [
        ({}, True, "SLACK_BOT_TOKEN is not set"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token"}, True, "should start with xoxb-"),
        ({"SLACK_BOT_TOKEN": TOKEN}, True, "SLACK_SIGNING_SECRET is not set"),
        ({"SLACK_BOT_TOKEN": TOKEN, "SLACK_APP_TOKEN": "xoxb-wrong"}, True, "should start with xapp-"),
    ],
)
def test_missing_credentials_say_what_to_set_and_where(env, listening, fragment):
    with pytest.raises(ConfigError) as err:
        load_settings(env).require_slack(listening=listening)
    assert fragment in str(err.value)
    assert "\n" not in str(err.value)


def test_credentials_enough_for_each_mode():
    load_settings({"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": "s"}).require_slack(listening=True)
    load_settings({"SLACK_BOT_TOKEN": TOKEN, "SLACK_APP_TOKEN": "xapp-1"}).require_slack(listening=True)
    load_settings({"SLACK_BOT_TOKEN": TOKEN}).require_slack(listening=False)  # tick needs no secret


def test_dotenv_fills_in_what_the_environment_lacks(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("PORT=4000\nMENTOR_ADMINS=U9\n")
    monkeypatch.setenv("MENTOR_ADMINS", "U1")
    monkeypatch.delenv("PORT", raising=False)
    s = load_settings()
    assert s.port == 4000 and s.admins == {"U1"}  # the real environment wins over .env


def test_repr_never_shows_secrets():
    s = load_settings(
        {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": "sekrit", "DATABASE_URL": "postgresql://u:pw@h/db"}
    )
    shown = repr(s)
    assert TOKEN not in shown and "sekrit" not in shown and "pw@" not in shown and "u:***@h" in shown
