"""Rooms in the clinic file, the room a therapist may pick, and how the lobby names and says them."""

import pytest
from pydantic import ValidationError

from kiosk_core.config import LocationConfig
from kiosk_core.errors import InvalidInput
from kiosk_core.staff.shifts import checked_room, first_name, where_to_go
from kiosk_core.visits.tv_calls import room_words


def place(*rooms: str) -> LocationConfig:
    return LocationConfig(slug="north", name="North", rooms=rooms)


def test_room_names_are_tidied_and_must_be_distinct_and_short():
    assert place("  Room   1 ", "Blue room").rooms == ("Room 1", "Blue room")
    for rooms in (("Room 1", "Room  1"), ("",), ("x" * 61,)):
        with pytest.raises(ValidationError):
            place(*rooms)


def test_a_location_without_rooms_takes_none_and_one_with_rooms_needs_one_of_them():
    assert checked_room(place(), "Room 1") == ""
    assert checked_room(place("Room 1", "Room 2"), " Room 2 ") == "Room 2"
    for room in ("", None, "Room 3"):
        with pytest.raises(InvalidInput):
            checked_room(place("Room 1", "Room 2"), room)


@pytest.mark.parametrize(
    ("room", "english", "spanish"),
    [("Room 2", "Room 2", "Sala 2"), ("room 12b", "Room 12b", "Sala 12b"), ("Blue room", "Blue room", "Blue room")],
)
def test_numbered_rooms_are_named_in_the_readers_language(room, english, spanish):
    assert (room_words(room, "en"), room_words(room, "es")) == (english, spanish)


def test_where_to_go_is_the_room_or_else_the_therapists_first_name():
    assert where_to_go("Room 2", "Priya Patel").room == "Room 2"
    assert where_to_go("", "Priya Patel").therapist_first_name == "Priya"
    assert not where_to_go("", None).known
    assert first_name("  ") == ""
