"""Issue 21, finding 6, on SQLite and PostgreSQL: `restore --yes` over live servers dropped 138
confirmed check-ins and handed out 1,458 ticket numbers again. A server now holds the database
while it runs (ops.server_hold); restore refuses, says how, and changes nothing until every
server has stopped."""

import subprocess
import sys

import pytest

from kiosk_core import __main__ as cli
from kiosk_core.ops import backup
from kiosk_core.ops.server_hold import ServersRunning
from tests.factories import make_client
from tests.integration.test_backup import url_of, use_database  # noqa: F401  (fixture)

SERVER = """
import sys
from kiosk_core import db
from kiosk_core.ops import server_hold
engine = db.make_engine(sys.argv[1])
server_hold.hold_as_server(engine)
print("holding", flush=True)
sys.stdin.read()  # until the test closes it: a server that runs until it is stopped
"""


@pytest.fixture
def running_server(engine):
    """A server process holding the test's database, as `ui.setup` makes each one do."""
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, url_of(engine)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout.readline().strip() == "holding"
    yield process
    if process.poll() is None:
        process.stdin.close()
        process.wait(timeout=30)


def test_restore_refuses_while_a_server_holds_the_database_and_says_how(
    engine,
    tmp_path,
    running_server,
    use_database,  # noqa: F811
    capsys,
):
    make_client(engine, first_name="Rosa")
    saved = tmp_path / "kiosk.backup"
    backup.backup(url=url_of(engine), target=saved)  # a backup while the server runs: allowed
    make_client(engine, first_name="Ana")  # checked in after the backup
    with pytest.raises(ServersRunning):
        backup.restore(url=url_of(engine), source=saved)
    use_database(url_of(engine))
    code = cli.main(["restore", "--yes", str(saved)])
    err = capsys.readouterr().err
    assert code != 0 and "Stop every server first" in err and "Nothing changed" in err
    running_server.stdin.close()  # the server stops
    running_server.wait(timeout=30)
    backup.restore(url=url_of(engine), source=saved)  # now it goes ahead
