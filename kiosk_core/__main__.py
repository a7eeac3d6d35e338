"""The admin command line: python -m kiosk_core COMMAND --help."""

import argparse
import getpass
import sys
from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url

from kiosk_core import db
from kiosk_core.clients.cards import card_png
from kiosk_core.clients.registry import register_client, reissue_card, revoke_cards, validate_client
from kiosk_core.config import ClinicConfigError, load_clinic, settings
from kiosk_core.errors import InvalidInput, KioskError
from kiosk_core.ops import backup
from kiosk_core.ops.demo import enrol_demo_tablets, seed_demo
from kiosk_core.records.documents import delete_expired
from kiosk_core.reports.csv_export import visits_csv
from kiosk_core.secret_files import SecretFileError
from kiosk_core.staff.therapists import add_therapist, set_pin, unlock_therapist
from kiosk_core.visits.close_day import close_ended_days, total_ended_days, total_past_days


class UsageError(Exception): ...


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2: no usage dump, no traceback
        raise UsageError(f"{self.prog}: {message} (see --help)")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _ready():
    clinic = load_clinic()
    engine = db.get_engine()
    db.init_db(engine, clinic)
    return clinic, engine


def cmd_init_db(args) -> None:
    print(f"Database ready: {_ready()[1].url.render_as_string(hide_password=True)}")


def cmd_seed_demo(args) -> None:
    clinic, engine = _ready()
    with db.write_session(engine) as session:
        result = seed_demo(session=session, clinic=clinic, card_dir=args.cards)
        demo_tablets = enrol_demo_tablets(session=session, clinic=clinic)
    base = args.url.rstrip("/")
    print("Lobby tablets (enrolled just now; the last run's demo tablets are revoked):")
    for name, slug, token in demo_tablets:
        print(f"  {name}: {base}/?location={slug}&tablet={token}")
    print(f"Staff: {base}/queue  {base}/chart  {base}/reports  {base}/admin  {base}/poster")
    print(f"Lobby displays: {base}/display?location={clinic.locations[0].slug} (or another location's slug)")
    print("Maria Gonzalez (/chart, as Alex Rivera): a care plan, weeks of outcomes, signed notes for a superbill"
          " and a progress report, an MRI report kept sealed; Ben Foster is registered twice (/admin)")
    print("Demo therapists (name: PIN; sign in on /queue and press Start shift: waits count those on shift):",
          *(f"  {name}: {pin}" for name, pin in result.therapists), sep="\n")  # fmt: skip
    if result.already_seeded:
        print("Demo data is already there; nothing changed (card payloads were shown the first time).")
        return
    print(f"Demo clients with cards: {len(result.cards)}" + (f" (PNG cards in {args.cards})" if args.cards else ""))
    for name, payload in result.cards:
        print(f"  {name}: {payload}")


def _pin(args) -> str:
    if args.pin is not None:
        return args.pin
    pin = getpass.getpass(f"PIN ({settings.pin_min_digits}-8 digits): ")
    if getpass.getpass("PIN again: ") != pin:
        raise KioskError("The two PINs differ.")
    return pin


def cmd_add_therapist(args) -> None:
    _, engine = _ready()
    pin = _pin(args)
    with db.write_session(engine) as session:
        therapist = add_therapist(
            session=session,
            name=args.name,
            pin=pin,
            location_slugs=args.location,
            medical_trained=args.medical,
            is_admin=args.admin,
        )
        print(f"Added therapist {therapist.id}: {therapist.name}")


def cmd_unlock_therapist(args) -> None:
    _, engine = _ready()
    with db.write_session(engine) as session:
        therapist = unlock_therapist(session=session, name=args.name)
        print(f"Unlocked {therapist.name}.")


def cmd_set_pin(args) -> None:
    _, engine = _ready()
    pin = _pin(args)
    with db.write_session(engine) as session:
        therapist = set_pin(session=session, name=args.name, pin=pin)
        print(f"New PIN set for {therapist.name}.")


def _write_card(path: Path | None, payload: str, clinic) -> None:
    if path:
        path.write_bytes(card_png(payload, clinic_name=clinic.clinic.name))
        print(f"Card written to {path}")


def cmd_add_client(args) -> None:
    clinic, engine = _ready()
    create = validate_client(
        {
            "first_name": args.first_name,
            "last_name": args.last_name,
            "phone": args.phone or "",
            "email": args.email or "",
            "birth_date": args.birth_date,
        }
    )
    with db.write_session(engine) as session:
        new = register_client(session=session, client_create=create)
        client_id = new.client.id
    print(f"Added client {client_id}. Card payload (shown once): {new.payload}")
    _write_card(args.png, new.payload, clinic)


def cmd_revoke_card(args) -> None:
    clinic, engine = _ready()
    with db.write_session(engine) as session:
        if args.reissue:
            new = reissue_card(session=session, client_id=args.client_id, reason=args.reason)
        else:
            count = revoke_cards(session=session, client_id=args.client_id, reason=args.reason)
    if args.reissue:
        print(f"Revoked the old card(s) of client {args.client_id}. New card payload (shown once): {new.payload}")
        _write_card(args.png, new.payload, clinic)
    else:
        print(f"Revoked {count} card(s) of client {args.client_id}.")


def cmd_export(args) -> None:
    _, engine = _ready()
    with db.read_session(engine) as session:
        text = visits_csv(session=session, start=args.start, end=args.end, location_slug=args.location)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"{text.count(chr(10)) - 1} visit(s) written to {args.output}")
    else:
        sys.stdout.write(text)


def cmd_close_day(args) -> None:
    _, engine = _ready()
    with db.write_session(engine) as session:
        visits = close_ended_days(session=session)
        closed = [(v.clinic_day, v.ticket_code, v.status) for v in visits]
        expired = delete_expired(session=session, retention_days=settings.document_retention_days)
    totalled = set(total_ended_days(engine=engine, closed=visits)) | set(total_past_days(engine=engine))
    for day, ticket, status in closed:
        print(f"{day} {ticket}: closed ({status})")
    said = f"{len(closed)} visit(s) closed as not seen: day ended."
    print(said if closed else "Nothing was left open on an earlier day.")
    if totalled:
        print(f"Report totals written for {len(totalled)} day(s) and location(s).")
    if expired:
        print(f"{expired} outside document(s) deleted: past {settings.document_retention_days} days' retention.")


def _where() -> str:
    return make_url(settings.database_url).render_as_string(hide_password=True)


def cmd_backup(args) -> None:
    backup.backup(url=settings.database_url, target=args.file)
    print(f"Backup of {_where()} written to {args.file} (readable by you only).")


def cmd_restore(args) -> None:
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError("restore replaces everything in the database: add --yes to go ahead")
        answer = input(f"Replace everything in {_where()} with {args.file}? Type yes to go ahead: ")
        if answer.strip().lower() != "yes":
            print("Nothing changed.")
            return
    backup.restore(url=settings.database_url, source=args.file)
    _ready()  # a backup from an older version gets today's schema; the locations follow clinic.toml
    print(f"Restored {_where()} from {args.file}.")


def build_parser() -> Parser:
    parser = Parser(prog="python -m kiosk_core", description="Administer the check-in kiosk's database.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser, metavar="COMMAND")

    sub = commands.add_parser("init-db", help="create or upgrade the database and load the clinic's locations")
    sub.set_defaults(run=cmd_init_db)

    sub = commands.add_parser("seed-demo", help="add demo therapists, clients and a morning of visits (once)")
    sub.add_argument("--cards", type=Path, metavar="DIR", help="also write each demo client's card as PNG here")
    sub.add_argument("--url", default="http://localhost:8501", help="where the app is served, for the addresses")
    sub.set_defaults(run=cmd_seed_demo)

    sub = commands.add_parser("add-therapist", help="add a therapist; asks for the PIN unless --pin is given")
    sub.add_argument("--name", required=True)
    sub.add_argument("--location", required=True, action="append", metavar="SLUG", help="repeat for each location")
    sub.add_argument("--medical", action="store_true", help="trained for medical massage")
    sub.add_argument("--admin", action="store_true", help="may read the audit log and reports")
    sub.add_argument("--pin", help="digits, KIOSK_PIN_MIN_DIGITS (6) or more (avoid: it stays in your shell history)")
    sub.set_defaults(run=cmd_add_therapist)

    sub = commands.add_parser("unlock-therapist", help="lift a therapist's PIN lockout")
    sub.add_argument("--name", required=True)
    sub.set_defaults(run=cmd_unlock_therapist)

    sub = commands.add_parser("set-pin", help="give a therapist a new PIN (forgotten, or the pepper changed)")
    sub.add_argument("--name", required=True)
    sub.add_argument("--pin", help="digits, KIOSK_PIN_MIN_DIGITS (6) or more (avoid: it stays in your shell history)")
    sub.set_defaults(run=cmd_set_pin)

    sub = commands.add_parser("add-client", help="register a client and print their card payload once")
    sub.add_argument("--first-name", required=True)
    sub.add_argument("--last-name", required=True)
    sub.add_argument("--phone")
    sub.add_argument("--email")
    sub.add_argument("--birth-date", type=_date, metavar="YYYY-MM-DD")
    sub.add_argument("--png", type=Path, metavar="FILE", help="write the card as a PNG image")
    sub.set_defaults(run=cmd_add_client)

    sub = commands.add_parser(
        "revoke-card", help="revoke a client's cards (lost or shared), optionally issue a new one"
    )
    sub.add_argument("--client-id", type=int, required=True)
    sub.add_argument("--reason", default="", help="kept in the audit log")
    sub.add_argument("--reissue", action="store_true", help="issue a new card and print its payload once")
    sub.add_argument("--png", type=Path, metavar="FILE", help="with --reissue: write the new card as PNG")
    sub.set_defaults(run=cmd_revoke_card)

    sub = commands.add_parser("export", help="write visits in a date range as CSV (no names or contact details)")
    sub.add_argument("--from", dest="start", type=_date, required=True, metavar="YYYY-MM-DD")
    sub.add_argument("--to", dest="end", type=_date, required=True, metavar="YYYY-MM-DD")
    sub.add_argument("--location", metavar="SLUG", help="one location only")
    sub.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: standard output")
    sub.set_defaults(run=cmd_export)

    sub = commands.add_parser(
        "close-day",
        help="close visits still open from an earlier clinic day (not seen: day ended), delete outside documents"
        " past their retention (KIOSK_DOCUMENT_RETENTION_DAYS), write the report totals of past days without them",
    )
    sub.set_defaults(run=cmd_close_day)

    sub = commands.add_parser("backup", help="copy the database to FILE while the kiosk keeps running")
    sub.add_argument("file", type=Path, metavar="FILE", help="SQLite: a database file; PostgreSQL: a pg_dump archive")
    sub.set_defaults(run=cmd_backup)

    sub = commands.add_parser("restore", help="replace everything in the database with a backup")
    sub.add_argument("file", type=Path, metavar="FILE", help="a file written by the backup command")
    sub.add_argument("--yes", action="store_true", help="don't ask before replacing the database")
    sub.set_defaults(run=cmd_restore)
    return parser


def _one_line(error: Exception) -> str:
    """The error's message; for a form's worth of problems, each field and what to fix."""
    problems = getattr(error, "problems", None) if isinstance(error, InvalidInput) else None
    if problems:
        return "; ".join(f"{field.replace('_', ' ')}: {problem}" for field, problem in problems.items())
    return str(error)


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        args.run(args)
    except UsageError as error:
        print(error, file=sys.stderr)
        return 2
    except (KioskError, ClinicConfigError, SecretFileError) as error:
        print(f"error: {_one_line(error)}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: {error.strerror or error}: {getattr(error, 'filename', '') or ''}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
