"""Bitgoeul's timetable router: a pure core (plain data in, plain data out) over GTFS feeds.

load_feed -> build_timetable -> plan / plan_range / plan_arrive_by / meet. See README.md.
"""

from .describe import headsign, itinerary_dict, meeting_option_dict, stop_name
from .gtfs import Feed, FeedError, LoadReport, Problem, load_feed
from .itinerary import Itinerary, Leg
from .meeting import MeetingOption, MeetingPlan, Traveller, meet
from .planner import Place, PlaceError, StopGroup, plan, plan_arrive_by, plan_range
from .timetable import Timetable, build_timetable

__all__ = [
    "Feed",
    "FeedError",
    "Itinerary",
    "Leg",
    "LoadReport",
    "MeetingOption",
    "MeetingPlan",
    "Place",
    "PlaceError",
    "Problem",
    "StopGroup",
    "Timetable",
    "Traveller",
    "build_timetable",
    "headsign",
    "itinerary_dict",
    "load_feed",
    "meet",
    "meeting_option_dict",
    "plan",
    "plan_arrive_by",
    "plan_range",
    "stop_name",
]
