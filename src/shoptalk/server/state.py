"""What every request of one worker shares: the assistant (models loaded once), the sessions,
the rate limiter and how shopper tokens are checked."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from shoptalk.assistant import Assistant
from shoptalk.config import Settings
from shoptalk.server.limits import RateLimiter
from shoptalk.server.sessions import Sessions, open_sessions
from shoptalk.server.tokens import TokenCheck


@dataclass
class ServerState:
    assistant: Assistant
    settings: Settings
    sessions: Sessions
    limiter: RateLimiter
    tokens: TokenCheck

    @classmethod
    def create(cls, assistant: Assistant, settings: Settings) -> "ServerState":
        return cls(
            assistant=assistant,
            settings=settings,
            sessions=open_sessions(settings),
            limiter=RateLimiter(settings.redis_url, settings.redis_timeout_s),
            tokens=TokenCheck.from_settings(settings),
        )


def server_state(request: Request) -> ServerState:
    state: ServerState = request.app.state.server
    return state


State = Annotated[ServerState, Depends(server_state)]
