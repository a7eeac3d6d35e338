"""Settings from the environment, the PIN pepper, and the clinic's configuration from its TOML file.

The files holding secrets are made and checked by kiosk_core.secret_files."""

import tomllib
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from kiosk_core.care.measures import OutcomePolicy
from kiosk_core.records.billing_policy import BillingPolicy, checked_npi, checked_tax_id
from kiosk_core.secret_files import DATA_DIR, PROJECT_ROOT, SECRET_MIN_LENGTH, read_or_create_secret
from kiosk_core.vocabulary import Queue

PEPPER_MIN_LENGTH = SECRET_MIN_LENGTH


class Settings(BaseSettings):
    """Everything a deployment may change, read once from the environment (prefix KIOSK_)."""

    model_config = SettingsConfigDict(env_prefix="KIOSK_", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{DATA_DIR / 'kiosk.db'}",
        validation_alias=AliasChoices("DATABASE_URL", "KIOSK_DATABASE_URL"),
    )
    timezone: str = "America/New_York"
    clinic_file: Path = PROJECT_ROOT / "clinic.toml"
    idle_reset_seconds: int = Field(default=60, ge=5)  # the tablet goes back to Welcome untouched
    result_reset_seconds: int = Field(default=20, ge=3)  # time to raise a phone to the ticket's code
    staff_idle_minutes: float = Field(default=15, ge=0.25)  # staff screens sign out untouched
    pin_max_attempts: int = Field(default=5, ge=1)
    pin_lockout_minutes: int = Field(default=15, ge=1)
    pin_min_digits: int = Field(default=6, ge=4, le=8)  # new PINs (kiosk_core.staff.pin_policy)
    # Wrong PINs in a row from one source, at any names, before it is locked out (staff.lockouts).
    pin_source_attempts: int = Field(default=10, ge=1)
    # Old unpeppered scrypt hashes sign in until this day (or until no active member has one).
    legacy_pin_hashes_until: date | None = None
    # How long a cancel, no-show, walk-out or put-back can be undone from the queue board.
    undo_seconds: int = Field(default=15, ge=1, le=600)
    # A shift whose board has not refreshed for this long ends as "stale" (kiosk_core.staff.shifts).
    shift_stale_minutes: float = Field(default=10, ge=1, le=720)
    # Recent session lengths behind the wait are re-read at least this often (kiosk_core.waits.history).
    wait_history_seconds: float = Field(default=300, ge=0)
    # A write that finds the database busy (or away) tries again for this long in all, then the
    # tablet asks the client to see the front desk, keeping their answers.
    write_retry_seconds: float = Field(default=8.0, ge=0)
    # Timed refreshes (boards, TVs, live tickets) run less often while this server falls behind
    # (kiosk_core.screens.refresh_pace); off: always at their base interval.
    refresh_pacing: bool = True
    # How long an SQLite writer waits for another (at most write_retry_seconds for a check-in).
    sqlite_busy_timeout_ms: int = Field(default=10_000, ge=0)
    # A secret mixed into every PIN hash, kept outside the database: a stolen database (or backup)
    # alone then gives no way to test PIN guesses. Every server of one clinic needs the same one.
    pin_pepper: SecretStr | None = None
    pin_pepper_file: Path = DATA_DIR / "pin-pepper"
    # The kiosk's address as phones reach it (e.g. https://kiosk.example.com), for ticket and
    # check-in links; empty: the address the tablet (or the staff page) was opened at.
    public_url: str = ""
    # A phone is personal: its answers are kept longer without a touch than a lobby tablet's.
    phone_idle_reset_seconds: int = Field(default=600, ge=30)
    # Each of check-ins, registrations and lookups from phones a minute, per phone, per network
    # address and per location (kiosk_core.checkin.device_limits); enrolled tablets: no limit.
    phone_checkins_per_device: int = Field(default=3, ge=1)
    phone_checkins_per_address: int = Field(default=6, ge=1)
    phone_checkins_per_location: int = Field(default=12, ge=1)
    # "Forgot your card?" lookups a minute from a location's enrolled tablets together, and from
    # anything at a location (a phone's are limited as its check-ins are), found or not.
    card_lookups_per_device: int = Field(default=5, ge=1)
    card_lookups_per_location: int = Field(default=30, ge=1)
    note_sign_hours: float = Field(default=24, gt=0)  # a medical visit's note unsigned this long: "note to sign"
    # A plan's visits since its last progress report before the board says "Progress report due".
    progress_report_every: int = Field(default=8, ge=1, le=52)
    # The FHIR export's own names: identifiers and the clinic's local code systems start with it.
    # Set it to an address the clinic holds (https://clinic.example/fhir).
    fhir_base_url: str = "https://kiosk.example/fhir"
    # Outside documents (kiosk_core.records): the largest file taken, how long one is kept (7 years:
    # New York's six for a health record, 8 NYCRR 29.2(a)(3), and a margin), and the key that seals
    # them: KIOSK_DOCUMENT_KEY on every server of a clinic, or else the key file, made on first use.
    document_max_mb: float = Field(default=10, gt=0, le=50)
    document_retention_days: int = Field(default=7 * 365 + 2, ge=1)
    document_key: SecretStr | None = None
    document_key_file: Path = DATA_DIR / "document-key"

    @field_validator("database_url")
    @classmethod
    def use_psycopg3(cls, url: str) -> str:
        # Hosting providers hand out postgres:// URLs; SQLAlchemy needs the driver named.
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url.removeprefix(prefix)
        return url

    @field_validator("public_url")
    @classmethod
    def web_address(cls, url: str) -> str:
        url = url.strip().rstrip("/")
        if url and not url.startswith(("https://", "http://")):
            raise ValueError("KIOSK_PUBLIC_URL must start with https:// (or http://)")
        return url

    @field_validator("timezone")
    @classmethod
    def known_timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {name!r}") from error
        return name

    @field_validator("pin_pepper")
    @classmethod
    def long_pepper(cls, pepper: SecretStr | None) -> SecretStr | None:
        if pepper is not None and len(pepper.get_secret_value().strip()) < PEPPER_MIN_LENGTH:
            raise ValueError(f"KIOSK_PIN_PEPPER must be {PEPPER_MIN_LENGTH} characters at least (a random secret)")
        return pepper

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def pepper(self) -> bytes:
        """The PIN pepper: KIOSK_PIN_PEPPER if set, else the secrets file, made owner-only on first use."""
        if self.pin_pepper is not None:
            return self.pin_pepper.get_secret_value().strip().encode()
        return read_or_create_secret(self.pin_pepper_file).encode()


settings = Settings()


# --- The clinic configuration --------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocationConfig(_Strict):
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")
    name: str = Field(min_length=1, max_length=100)
    address: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=30)  # printed on superbills
    # The treatment rooms, as the lobby display and the client's phone name them ("Room 2" is
    # said "Sala 2" in Spanish; another name is said as written). A therapist picks one at
    # sign-in; with none, a called client is sent to the therapist by first name.
    rooms: tuple[str, ...] = ()

    @field_validator("rooms")
    @classmethod
    def plain_room_names(cls, rooms: tuple[str, ...]) -> tuple[str, ...]:
        rooms = tuple(" ".join(room.split()) for room in rooms)
        if any(not 1 <= len(room) <= 60 for room in rooms):
            raise ValueError("a room's name is 1 to 60 characters")
        if len(set(rooms)) != len(rooms):
            raise ValueError("two rooms of one location share a name")
        return rooms


class QueueConfig(_Strict):
    label: str = Field(min_length=1, max_length=60)
    ticket_prefix: str = Field(pattern=r"^[A-Z]{1,3}$")
    default_service_minutes: int = Field(ge=5, le=240)


class MedicalWeights(_Strict):
    diagnosis: int = Field(3, ge=0)
    referral: int = Field(3, ge=0)
    documents: int = Field(2, ge=0)
    insurance: int = Field(4, ge=0)
    recent_injury: int = Field(3, ge=0)
    recent_surgery: int = Field(3, ge=0)
    medical_condition: int = Field(3, ge=0)
    chronic_tension: int = Field(3, ge=0)
    specific_goal: int = Field(2, ge=0)
    high_pain: int = Field(1, ge=0)
    preference: int = Field(2, ge=0)


class TherapeuticWeights(_Strict):
    relaxation_goal: int = Field(2, ge=0)
    therapeutic_condition: int = Field(1, ge=0)
    general_tension: int = Field(1, ge=0)
    full_body: int = Field(1, ge=0)
    high_stress: int = Field(1, ge=0)
    preference: int = Field(2, ge=0)


class RoutingPolicy(_Strict):
    tie_queue: Queue = Queue.THERAPEUTIC
    recent_injury_days: int = Field(365, ge=0)
    high_pain_threshold: int = Field(7, ge=0, le=11)
    high_stress_threshold: int = Field(7, ge=0, le=11)
    severe_pain_flag: int = Field(9, ge=0, le=11)
    recent_surgery_flag_days: int = Field(42, ge=0)
    medical_weights: MedicalWeights = MedicalWeights()
    therapeutic_weights: TherapeuticWeights = TherapeuticWeights()


class WaitPolicy(_Strict):
    """How the tablet estimates a wait (kiosk_core/waits/estimate.py)."""

    # Past this the tablet gives no longer figure and asks the client to see the front desk: a
    # client told "about 3 hours" walks out, and a figure that far ahead is mostly guesswork.
    ask_front_desk_minutes: int = Field(120, ge=15, le=480)
    # Session lengths are learned from this many days back (today included), at the location and queue:
    # enough sessions to trust, recent enough to follow a change of staff or menu.
    recent_days: int = Field(28, ge=1, le=365)
    # Fewer finished sessions than this in those days: the queue's default_service_minutes stands in.
    min_sessions: int = Field(20, ge=3, le=1000)
    # A therapist's time between one client's finish and the next one's start (notes, fresh
    # sheets, the walk in); sessions are timed start to finish and leave it out.
    turnover_minutes: int = Field(5, ge=0, le=60)


class ReviewPolicy(_Strict):
    """Who may clear a red flag, by the visit's queue: only a therapist trained in medical massage,
    or any therapist. "Not today" is open to every therapist."""

    medical: Literal["medical_trained", "any"] = "medical_trained"
    therapeutic: Literal["medical_trained", "any"] = "any"


class ClinicInfo(_Strict):
    name: str = Field(min_length=1, max_length=100)
    # Where a phone number typed without "+" is read from (ISO 3166 code): registration stores
    # numbers in E.164, so a returning client is recognised however the number is typed.
    phone_region: str = "US"
    # Who bills, as superbills and the CMS-1500 lines print it: the billing address and phone,
    # the group NPI (Luhn-checked) and the tax id (EIN).
    address: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=30)
    npi: str = ""
    tax_id: str = ""

    @field_validator("npi")
    @classmethod
    def npi_check_digit(cls, npi: str) -> str:
        return checked_npi(npi)

    @field_validator("tax_id")
    @classmethod
    def tax_id_shape(cls, tax_id: str) -> str:
        return checked_tax_id(tax_id)

    @field_validator("phone_region")
    @classmethod
    def known_region(cls, region: str) -> str:
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(f"phone_region {region!r} is not a region phone numbers are known for (e.g. US)")
        return region


class ClinicConfig(_Strict):
    clinic: ClinicInfo
    locations: tuple[LocationConfig, ...] = Field(min_length=1)
    queues: dict[Queue, QueueConfig]
    routing: RoutingPolicy = RoutingPolicy()
    waits: WaitPolicy = WaitPolicy()
    review: ReviewPolicy = ReviewPolicy()
    outcomes: OutcomePolicy = OutcomePolicy()  # the MCIDs (kiosk_core.care.measures)
    billing: BillingPolicy = BillingPolicy()  # units, charges, NCCI pairs (kiosk_core.records)

    @model_validator(mode="after")
    def consistent(self) -> "ClinicConfig":
        slugs = [location.slug for location in self.locations]
        if len(set(slugs)) != len(slugs):
            raise ValueError("two locations share a slug")
        if set(self.queues) != set(Queue):
            raise ValueError(f"the clinic needs exactly the queues {' and '.join(map(repr, map(str, Queue)))}")
        prefixes = [queue.ticket_prefix for queue in self.queues.values()]
        if len(set(prefixes)) != len(prefixes):
            raise ValueError("the two queues need different ticket prefixes")
        return self

    def location(self, slug: str) -> LocationConfig | None:
        return next((loc for loc in self.locations if loc.slug == slug), None)


class ClinicConfigError(Exception):
    """The clinic file is missing or wrong; the message says where."""


@lru_cache(maxsize=8)
def load_clinic(path: Path | None = None) -> ClinicConfig:
    path = Path(path or settings.clinic_file)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return ClinicConfig.model_validate(data)
    except FileNotFoundError as error:
        raise ClinicConfigError(f"clinic file not found: {path}") from error
    except (tomllib.TOMLDecodeError, ValueError) as error:
        raise ClinicConfigError(f"clinic file {path} is not valid: {error}") from error
