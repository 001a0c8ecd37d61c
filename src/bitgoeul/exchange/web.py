"""The exchange pages: partner matching, events and competitions, 1:1 meetings (one router for the app)."""

from __future__ import annotations

from fastapi import APIRouter

from bitgoeul.exchange.web_events import router as events_router
from bitgoeul.exchange.web_meetings import router as meetings_router
from bitgoeul.exchange.web_partners import router as partners_router

router = APIRouter()
router.include_router(partners_router)
router.include_router(events_router)
router.include_router(meetings_router)
