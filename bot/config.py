"""Settings from the environment (and `.env`): the only module that reads os.environ."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import load_dotenv

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///mentorship.db"


class ConfigError(Exception):
    """A setting is missing or unreadable; the message is one sentence for the operator."""


@dataclass(frozen=True)
class Settings:
    bot_token: str | None
    signing_secret: str | None
    app_token: str | None
    slack_api_url: str
    database_url: str
    port: int
    admins: frozenset[str]
    scheduler_enabled: bool
    catalogue_file: Path | None = None
    guides_file: Path | None = None  # the operator's own guides, in place of bot/data/guides.toml
    log_format: str = "text"  # or "json": one object per line
    extra: Mapping[str, str] = field(default_factory=dict, repr=False)

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)

    def __repr__(self) -> str:  # never print secrets, even by accident
        return (
            f"Settings(slack_api_url={self.slack_api_url!r}, database_url={_hide_password(self.database_url)!r}, "
            f"port={self.port}, socket_mode={self.socket_mode}, admins={sorted(self.admins)}, "
            f"scheduler_enabled={self.scheduler_enabled})"
        )

    def require_slack(self, *, listening: bool) -> None:
        """Raise ConfigError unless the tokens are set: the bot token always, and to receive requests
        either the signing secret (HTTP) or the app-level token (Socket Mode)."""
        if not self.bot_token:
            raise ConfigError(
                "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from your Slack app's "
                "“OAuth & Permissions” page into .env or the environment."
            )
        if not self.bot_token.startswith("xoxb-"):
            raise ConfigError(
                "SLACK_BOT_TOKEN does not look like a bot token: it should start with xoxb- "
                "(the Bot User OAuth Token on the “OAuth & Permissions” page)."
            )
        if self.app_token and not self.app_token.startswith("xapp-"):
            raise ConfigError(
                "SLACK_APP_TOKEN does not look like an app-level token: it should start with xapp- "
                "(“Basic Information” → “App-Level Tokens”, with the connections:write scope)."
            )
        if listening and not self.socket_mode and not self.signing_secret:
            raise ConfigError(
                "SLACK_SIGNING_SECRET is not set: copy the Signing Secret from your Slack app's "
                "“Basic Information” → “App Credentials” into .env or the environment "
                "(or set SLACK_APP_TOKEN to use Socket Mode instead)."
            )


def load_settings(environ: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Settings:
    """Read settings; `.env` in the working directory fills in what the environment does not set."""
    if environ is None:
        if dotenv:
            load_dotenv(Path.cwd() / ".env", override=False)
        environ = os.environ
    env = {k: v.strip() for k, v in environ.items()}

    api_url = env.get("SLACK_API_URL") or DEFAULT_API_URL
    if not api_url.startswith(("http://", "https://")):
        raise ConfigError(f"SLACK_API_URL must be an http(s) URL such as {DEFAULT_API_URL}, not {api_url!r}.")
    if not api_url.endswith("/"):
        api_url += "/"

    port_text = env.get("PORT") or "3000"
    try:
        port = int(port_text)
        if not 0 < port < 65536:
            raise ValueError
    except ValueError:
        raise ConfigError(f"PORT must be a TCP port number (1–65535), not {port_text!r}.") from None

    sched_text = (env.get("SCHEDULER_ENABLED") or "true").lower()
    if sched_text not in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
        raise ConfigError(f"SCHEDULER_ENABLED must be true or false, not {sched_text!r}.")

    log_format = (env.get("LOG_FORMAT") or "text").lower()
    if log_format not in {"text", "json"}:
        raise ConfigError(f"LOG_FORMAT must be text or json, not {log_format!r}.")

    admins = frozenset(a.strip() for a in (env.get("MENTOR_ADMINS") or "").split(",") if a.strip())
    catalogue = env.get("MENTOR_CATALOGUE_FILE")
    guides = env.get("MENTOR_GUIDES_FILE")
    return Settings(
        bot_token=env.get("SLACK_BOT_TOKEN") or None,
        signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
        app_token=env.get("SLACK_APP_TOKEN") or None,
        slack_api_url=api_url,
        database_url=env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        port=port,
        admins=admins,
        scheduler_enabled=sched_text in {"1", "true", "yes", "on"},
        catalogue_file=Path(catalogue) if catalogue else None,
        guides_file=Path(guides) if guides else None,
        log_format=log_format,
    )


def _hide_password(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    creds, _, host = rest.rpartition("@")
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in creds else url
