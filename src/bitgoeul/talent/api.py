"""Talent API (being built)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/talent", tags=["talent"])
