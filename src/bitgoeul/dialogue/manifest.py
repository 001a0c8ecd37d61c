"""Dialogue capability: the mayor's citizen dialogues, from what was said to what was done."""

from __future__ import annotations

from typing import Any

from bitgoeul.core.registry import Capability


def _pages() -> Any:
    from bitgoeul.dialogue.web import router

    return router


def _api() -> Any:
    from bitgoeul.dialogue.api import router

    return router


def _cli() -> Any:
    from bitgoeul.dialogue.cli import app

    return app


def _exports() -> dict[str, Any]:
    from bitgoeul.dialogue import models as m

    # Supports are left out: who supported what is personal; the lists export the counts.
    return {"dialogue_sessions": m.DialogueSession, "dialogue_sources": m.DialogueSource,
            "dialogue_participants": m.DialogueParticipant, "dialogue_voices": m.DialogueVoice,
            "dialogue_voice_themes": m.DialogueVoiceTheme, "dialogue_themes": m.DialogueTheme,
            "dialogue_actions": m.DialogueAction, "dialogue_answers": m.DialogueAnswer,
            "dialogue_action_links": m.DialogueActionLink, "dialogue_action_sources": m.DialogueActionSource}


def _demo(session: Any) -> None:
    from bitgoeul.dialogue.demo_loader import load_demo

    load_demo(session)


MANIFEST = Capability(
    name="dialogue",
    order=70,
    models="bitgoeul.dialogue.models",
    pages=_pages,
    api=_api,
    cli=_cli,
    exports=_exports,
    nav=(("/dialogue", "dialogue.nav.overview"),),
    demo=_demo,
)
