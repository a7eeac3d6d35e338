"""Settings from the environment, and the clinic's configuration from its TOML file."""

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

QueueName = Literal["medical", "therapeutic"]
QUEUES: tuple[QueueName, ...] = ("medical", "therapeutic")


class Settings(BaseSettings):
    """Everything a deployment may change, read once from the environment (prefix KIOSK_)."""

    model_config = SettingsConfigDict(env_prefix="KIOSK_", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'data' / 'kiosk.db'}",
        validation_alias=AliasChoices("DATABASE_URL", "KIOSK_DATABASE_URL"),
    )
    timezone: str = "America/New_York"
    clinic_file: Path = PROJECT_ROOT / "clinic.toml"
    # The tablet goes back to Welcome after this long without a touch.
    idle_reset_seconds: int = Field(default=60, ge=5)
    result_reset_seconds: int = Field(default=10, ge=3)
    # Staff screens sign out after this long without a touch.
    staff_idle_minutes: int = Field(default=15, ge=1)
    pin_max_attempts: int = Field(default=5, ge=1)
    pin_lockout_minutes: int = Field(default=15, ge=1)
    sqlite_busy_timeout_ms: int = Field(default=10_000, ge=0)

    @field_validator("database_url")
    @classmethod
    def use_psycopg3(cls, url: str) -> str:
        # Hosting providers hand out postgres:// URLs; SQLAlchemy needs the driver named.
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url.removeprefix(prefix)
        return url

    @field_validator("timezone")
    @classmethod
    def known_timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {name!r}") from error
        return name

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


settings = Settings()


# --- The clinic configuration --------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocationConfig(_Strict):
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")
    name: str = Field(min_length=1, max_length=100)
    address: str = Field(default="", max_length=200)


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
    tie_queue: QueueName = "therapeutic"
    recent_injury_days: int = Field(365, ge=0)
    high_pain_threshold: int = Field(7, ge=0, le=11)
    high_stress_threshold: int = Field(7, ge=0, le=11)
    severe_pain_flag: int = Field(9, ge=0, le=11)
    recent_surgery_flag_days: int = Field(42, ge=0)
    medical_weights: MedicalWeights = MedicalWeights()
    therapeutic_weights: TherapeuticWeights = TherapeuticWeights()


class ClinicInfo(_Strict):
    name: str = Field(min_length=1, max_length=100)


class ClinicConfig(_Strict):
    clinic: ClinicInfo
    locations: tuple[LocationConfig, ...] = Field(min_length=1)
    queues: dict[QueueName, QueueConfig]
    routing: RoutingPolicy = RoutingPolicy()

    @model_validator(mode="after")
    def consistent(self) -> "ClinicConfig":
        slugs = [location.slug for location in self.locations]
        if len(set(slugs)) != len(slugs):
            raise ValueError("two locations share a slug")
        if set(self.queues) != set(QUEUES):
            raise ValueError("the clinic needs exactly the queues 'medical' and 'therapeutic'")
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
