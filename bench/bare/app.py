"""The anchor of bench/web.py: a bare FastAPI + SQLAlchemy + Jinja2 page listing 20 rows of a 100k-row table.

No middleware, no sessions, no i18n: what the stack itself costs, so the app's pages can be given as a
ratio to it measured in the same run on the same machine. `BARE_DB` names the SQLite file
(`python bench/bare/app.py make PATH` fills it, deterministically).
"""

from __future__ import annotations

import os
import sys

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from jinja2 import Environment
from sqlalchemy import Integer, String, create_engine, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

ROWS = 100_000
PER_PAGE = 20


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(40))
    price: Mapped[int] = mapped_column(Integer)


PAGE = Environment(autoescape=True).from_string(
    "<!doctype html><html lang=ko><title>목록</title><h1>목록</h1><table>"
    "{% for i in items %}<tr><td><a href='/items/{{ i.id }}'>{{ i.title }}</a></td><td>{{ i.region }}</td>"
    "<td>{{ '{:,}'.format(i.price) }}</td></tr>{% endfor %}</table><p>{{ page }}</p></html>")


def make(path: str) -> None:
    """Create the table with ROWS deterministic rows (no randomness: the same file every time)."""
    engine = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    regions = ["광주 북구", "광주 남구", "광주 서구", "광주 동구", "광주 광산구", "전남 나주시"]
    with engine.begin() as connection:
        if connection.scalar(select(Item.id).limit(1)) is None:
            connection.execute(insert(Item), [{"title": f"인공지능 실증 항목 {n}", "region": regions[n % 6],
                                               "price": (n * 7919) % 1_000_000} for n in range(1, ROWS + 1)])
    engine.dispose()


engine = create_engine(f"sqlite:///{os.environ.get('BARE_DB', 'bare.db')}")
app = FastAPI()


@app.get("/items", response_class=HTMLResponse)
def items(page: int = 1) -> str:
    page = max(1, min(page, ROWS // PER_PAGE))
    with Session(engine) as session:
        rows = session.scalars(select(Item).order_by(Item.id).offset((page - 1) * PER_PAGE).limit(PER_PAGE)).all()
        return PAGE.render(items=rows, page=page)


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "make":
    make(sys.argv[2])
