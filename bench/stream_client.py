"""A browser tab as a Streamlit 1.67 server sees it, without the browser: one WebSocket on
/_stcore/stream speaking the app's protocol (streamlit.proto BackMsg out, ForwardMsg in).

What it sends is what the browser's frontend sends (read from streamlit/static/.../index.*.js):
the first run with the query string and the page's name from the path; each later run with the
page's script hash, every widget state it holds (a tap's trigger once) and the hashes of the
cacheable messages it has, so the server sends references for those as it does to a browser;
and for each `auto_rerun` message a timer that asks for that fragment's run every `interval`
seconds (`is_auto_rerun`), cleared when a full run starts or on `stop_auto_rerun`. It draws
nothing: it keeps each widget's id by its key (to tap it) and counts runs and bytes.

`bench.sessions --verify` compares it with real Chromium pages on the same server.

This is a bench, not the app: it speaks Streamlit's private wire protocol on purpose, so it
imports Streamlit's protobufs and one runtime helper, here and nowhere else in bench/
(sessions_verify reads frames with the messages imported from here; photo_memory counts the
server's own objects). The app's reaches into Streamlit are in ui/streamlit_internals.py; after a
Streamlit upgrade, tests/e2e/test_session_clients.py says whether this client still works.
"""

import asyncio
import time
from collections import Counter

import websockets

# Streamlit's wire protocol (1.67): the browser's messages out, the server's in.
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.state.common import user_key_from_element_id

__all__ = ["TRIGGER", "BackMsg", "ForwardMsg", "RunFailed", "Tab"]

TRIGGER = object()  # a button's press: sent once, as the browser does
_DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}


class RunFailed(Exception):
    """The page showed an exception, or the expected widget is not on it."""


class Tab:
    def __init__(self, base_url: str, page: str = "", query: str = "", *, locale: str = "en-US"):
        self.base_url = base_url.rstrip("/")
        self.page = page  # "" (the default page), "queue", "display", "ticket", ...
        self.query = query
        self.locale = locale
        self.page_hash = ""
        self.widgets: dict[str, str] = {}  # user key -> widget id, as last drawn
        self.exceptions: list[str] = []  # messages of exceptions drawn in the latest full run
        self.runs = Counter()  # "full" / "fragment": runs the server started for this tab
        self.asked = Counter()  # "full" / "fragment": runs this tab asked for
        self.bytes_in = 0
        self._states: dict[str, WidgetState] = {}  # widget id -> state
        self._cache: dict[str, ForwardMsg] = {}  # hash -> cacheable message (for ref_hash)
        self._timers: dict[str, tuple[float, asyncio.Task]] = {}  # fragment id -> (interval, task)
        self._run_ids: set[str] = set()  # widget ids drawn in the current full run
        self._finished: asyncio.Queue[int] = asyncio.Queue()
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._last: list[str] = []  # the kinds of the last messages received, for a timeout's message

    # --- what a person does ---------------------------------------------------------------

    async def open(self, timeout: float = 60) -> float:
        """Load the page: connect and ask for the first run; returns the seconds to its end."""
        url = self.base_url.replace("http", "ws", 1) + "/_stcore/stream"
        self._ws = await websockets.connect(
            url,
            subprotocols=["streamlit"],
            origin=self.base_url,
            proxy=None,
            ping_interval=None,  # a browser does not ping; the server does
            max_size=None,
        )
        self._reader = asyncio.create_task(self._read())
        return await self._rerun({}, timeout=timeout, first=True)

    async def rerun(self, values: dict | None = None, timeout: float = 60, expect: str | None = None) -> float:
        """Set widgets by key (a str, a list of str, or TRIGGER) and wait for the full run that
        follows; returns its seconds from the message sent to the run's end. `expect`: a widget
        key the new screen must have."""
        took = await self._rerun(values or {}, timeout=timeout)
        if self.exceptions:
            raise RunFailed(f"{self.page or 'tablet'}: {self.exceptions[0]}")
        if expect and expect not in self.widgets:
            raise RunFailed(f"{self.page or 'tablet'}: no {expect!r} on the screen; have {sorted(self.widgets)}")
        return took

    def status(self) -> str:
        """The connection and the last messages received: what a stuck run was waiting on."""
        state = "no connection" if self._ws is None else self._ws.state.name.lower()
        return f"connection {state}, last messages received: {', '.join(self._last[-6:]) or 'none'}"

    async def close(self) -> None:
        for _, task in self._timers.values():
            task.cancel()
        self._timers.clear()
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()

    # --- the protocol ---------------------------------------------------------------------

    def _state(self, widget_id: str, value) -> WidgetState:
        state = WidgetState(id=widget_id)
        if value is TRIGGER:
            state.trigger_value = True
        elif isinstance(value, str):
            state.string_value = value
        elif isinstance(value, list | tuple):
            state.string_array_value.data.extend(value)
        else:
            raise TypeError(f"no wire type for {value!r}")
        return state

    def _message(self, triggers: list[WidgetState], fragment_id: str = "", first: bool = False) -> bytes:
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = self.query
        rerun.page_script_hash = "" if first else self.page_hash
        rerun.page_name = self.page if first else ""
        rerun.fragment_id = fragment_id
        rerun.is_auto_rerun = bool(fragment_id)
        rerun.widget_states.widgets.extend([*self._states.values(), *triggers])
        rerun.cached_message_hashes.extend(self._cache)
        info = rerun.context_info
        info.timezone, info.timezone_offset, info.locale = "America/New_York", 300, self.locale
        info.url, info.is_embedded, info.color_scheme = self._url(), False, "light"
        return msg.SerializeToString()

    def _url(self) -> str:
        return f"{self.base_url}/{self.page}" + (f"?{self.query}" if self.query else "")

    async def _rerun(self, values: dict, *, timeout: float, first: bool = False) -> float:
        triggers = []
        for key, value in values.items():
            widget_id = self.widgets.get(key)
            if widget_id is None:
                raise RunFailed(f"{self.page or 'tablet'}: no widget {key!r}; have {sorted(self.widgets)}")
            if value is TRIGGER:
                triggers.append(self._state(widget_id, value))
            else:
                self._states[widget_id] = self._state(widget_id, value)
        while not self._finished.empty():
            self._finished.get_nowait()
        start = time.perf_counter()
        self.asked["full"] += 1
        await self._ws.send(self._message(triggers, first=first))
        async with asyncio.timeout(timeout):
            while await self._finished.get() not in _DONE:
                pass
        return time.perf_counter() - start

    async def _auto_rerun(self, fragment_id: str, interval: float) -> None:
        """The browser's setInterval for one fragment: a run asked every `interval` seconds,
        whether or not the last one has finished."""
        due = time.monotonic()
        while True:
            due += interval
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            self.asked["fragment"] += 1
            await self._ws.send(self._message([], fragment_id=fragment_id))

    def _clear_timers(self, fragment_ids) -> None:
        for fragment_id in list(fragment_ids):
            interval_task = self._timers.pop(fragment_id, None)
            if interval_task:
                interval_task[1].cancel()

    async def _read(self) -> None:
        try:
            async for data in self._ws:
                self.bytes_in += len(data)
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._handle(msg)
        except websockets.ConnectionClosed:
            pass

    def _handle(self, msg: ForwardMsg) -> None:
        if msg.metadata.cacheable:
            self._cache[msg.hash] = msg
        kind = msg.WhichOneof("type")
        self._last = [*self._last[-9:], kind if kind != "script_finished" else f"finished {msg.script_finished}"]
        if kind == "ref_hash":
            cached = self._cache.get(msg.ref_hash)
            if cached is None:
                return
            msg, kind = cached, cached.WhichOneof("type")
        if kind == "new_session":
            if msg.metadata.run.fragment_ids:
                self.runs["fragment"] += 1
            else:
                self.runs["full"] += 1
                self._clear_timers(self._timers)
                self.page_hash = msg.new_session.page_script_hash
                self._run_ids = set()
                self.widgets = {}
                self.exceptions = []
        elif kind == "navigation":  # st.navigation: the page this run drew, asked for by its hash
            self.page_hash = msg.navigation.page_script_hash
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            which = element.WhichOneof("type")
            if which == "exception":
                self.exceptions.append(element.exception.message)
            widget_id = getattr(getattr(element, which), "id", "") if which else ""
            if widget_id.startswith("$$ID-"):
                self._run_ids.add(widget_id)
                key = user_key_from_element_id(widget_id)
                if key:
                    self.widgets[key] = widget_id
        elif kind == "auto_rerun":
            fragment_id, interval = msg.auto_rerun.fragment_id, msg.auto_rerun.interval
            if fragment_id and self._timers.get(fragment_id, (None,))[0] != interval:
                self._clear_timers([fragment_id])
                self._timers[fragment_id] = (interval, asyncio.create_task(self._auto_rerun(fragment_id, interval)))
        elif kind == "stop_auto_rerun":
            self._clear_timers(msg.stop_auto_rerun.fragment_ids)
        elif kind == "script_finished":
            if msg.script_finished in _DONE:
                # The browser forgets the states of widgets that are no longer drawn.
                self._states = {k: v for k, v in self._states.items() if k in self._run_ids}
            self._finished.put_nowait(msg.script_finished)
