"""Bound every integer path and query parameter of every route, API and pages alike, when the app is built.

Routes declare `need_id: int`, `page: int = 1`; an unbounded int lets `99999999999999999999` reach the
database (OverflowError on SQLite, "out of range" on PostgreSQL) or `date(10000, 1, 1)`. Rather than
repeat the same bounds in some 250 signatures, the app adds them, by the parameter's name, to the
signature of each endpoint and dependency before its router is included (FastAPI reads parameters from
the signature when it builds the included route), so validation and the OpenAPI document both carry the
range. A parameter with its own `ge`/`le` keeps them.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Union, get_args, get_origin

import annotated_types
from fastapi import APIRouter
from fastapi.dependencies.utils import get_typed_signature
from fastapi.routing import APIRoute
from pydantic.fields import FieldInfo

from bitgoeul.core.bounds import MAX_INT, MAX_PAGE, MAX_YEAR, MIN_YEAR
from bitgoeul.core.pagination import MAX_PER_PAGE

_BOUNDING = (annotated_types.Ge, annotated_types.Gt, annotated_types.Le, annotated_types.Lt)


def bounds_for(name: str) -> tuple[int, int]:
    """The range of an integer parameter called `name`."""
    if name == "page":
        return 1, MAX_PAGE
    if name == "per_page":
        return 1, MAX_PER_PAGE
    if name == "year" or name.endswith("_year"):
        return MIN_YEAR, MAX_YEAR
    if name == "id" or name.endswith("_id"):
        return 1, MAX_INT
    return -MAX_INT, MAX_INT


def _is_int(annotation: Any) -> bool:
    if annotation is int:
        return True
    if get_origin(annotation) in (Union, types.UnionType):
        return [a for a in get_args(annotation) if a is not type(None)] == [int]
    return False


def _bounded(metadata: Any) -> bool:
    for item in metadata:
        if isinstance(item, _BOUNDING):
            return True
        if isinstance(item, FieldInfo) and _bounded(item.metadata):
            return True
    return False


def _with_bounds(parameter: inspect.Parameter) -> inspect.Parameter:
    annotation, metadata = parameter.annotation, ()
    if get_origin(annotation) is Annotated:
        annotation, *rest = get_args(annotation)
        metadata = tuple(rest)
    if not _is_int(annotation) or _bounded(metadata):
        return parameter
    low, high = bounds_for(parameter.name)
    limits = [annotated_types.Ge(low), annotated_types.Le(high)]
    if isinstance(parameter.default, FieldInfo):  # `page: int = Query(1)`: the limits go into the Query
        if not _bounded(parameter.default.metadata):
            parameter.default.metadata.extend(limits)
        return parameter
    return parameter.replace(annotation=Annotated[(parameter.annotation, *limits)])


def _bound_signature(call: Callable[..., Any]) -> None:
    signature = get_typed_signature(call)
    parameters = [_with_bounds(p) for p in signature.parameters.values()]
    setattr(call, "__signature__", signature.replace(parameters=parameters))  # noqa: B010 - read by inspect


def _calls(dependant: Any) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


def _api_routes(router: APIRouter) -> Iterator[APIRoute]:
    for route in router.routes:
        if isinstance(route, APIRoute):
            yield route
        elif isinstance(getattr(route, "original_router", None), APIRouter):  # a router included in this one
            yield from _api_routes(route.original_router)  # type: ignore[attr-defined]


def bound_integer_parameters(router: APIRouter) -> APIRouter:
    """Bound the integer parameters of every endpoint (and its dependencies) of `router`, before it is
    included. Safe to call twice (bounded parameters are left alone); returns the router."""
    done: set[int] = set()
    for route in _api_routes(router):
        for call in (route.endpoint, *_calls(route.dependant)):
            if id(call) not in done and (inspect.isfunction(call) or inspect.ismethod(call)):
                done.add(id(call))
                _bound_signature(call)
    return router
