// Installed once per page load; reads the marker that each screen renders (ui.kiosk_style.mark_screen).
// It lives in the browser so that the idle reset works even when the server session is gone
// (a restart, a lost connection): the last client's answers never stay on screen.
// It finds elements by what the app sets (the marker, widget keys as .st-key-KEY) and by plain
// HTML, never by Streamlit's test ids: those change with Streamlit's versions.
if (!window.kioskWatch) {
  window.kioskWatch = true;
  let shownScreen = null;
  let lastActivity = Date.now();
  const marker = () => document.getElementById("kiosk-marker");
  const byKey = (key) => document.querySelector(`.st-key-${CSS.escape(key)}`);

  // The page and whatever box around the screen scrolls (Streamlit's main area does).
  const scrollersAround = (el) => {
    const found = [document.scrollingElement];
    for (let box = el.parentElement; box; box = box.parentElement) {
      if (/(auto|scroll)/.test(getComputedStyle(box).overflowY)) found.push(box);
    }
    return found.filter(Boolean);
  };

  let shownBase = null;
  const onNewScreen = (m) => {
    const wanted = m.dataset.kioskScreen;
    if (wanted === shownScreen) return;
    const key = m.dataset.kioskFocus;
    const field = key && byKey(key) && byKey(key).querySelector("input");
    if (key && !field) return; // not drawn yet: try again on the next change
    // A new round of the same screen (a message to read) scrolls up, but never takes the
    // cursor away from a field the person is typing in.
    const base = m.dataset.kioskBase;
    const typing = document.activeElement && document.activeElement.tagName === "INPUT";
    shownScreen = wanted;
    lastActivity = Date.now();
    for (const el of scrollersAround(m)) el.scrollTop = 0;
    if (field && (base !== shownBase || !typing)) field.focus();
    shownBase = base;
  };

  const tieErrors = () => {
    for (const error of document.querySelectorAll("[data-error-for]")) {
      const box = byKey(error.dataset.errorFor);
      if (!box) continue;
      const target = box.querySelector("input, textarea") || box.querySelector('[role="radiogroup"], [role="group"]') || box;
      if (target.getAttribute("aria-describedby") !== error.id) {
        target.setAttribute("aria-describedby", error.id);
        target.setAttribute("aria-invalid", "true");
      }
    }
  };

  // Streamlit's own words (the skip link, an in-page link; the camera's buttons, inside the keyed
  // boxes the marker names) in the client's language, and the page's language for screen
  // readers. Only the text node's value changes, so React keeps its node; when React writes its
  // English back, this runs again.
  const translateStreamlit = (m) => {
    const language = m.dataset.kioskLang || "en";
    if (document.documentElement.lang !== language) document.documentElement.lang = language;
    let words = {};
    let keys = [];
    try {
      words = JSON.parse(m.dataset.kioskWords || "{}");
      keys = JSON.parse(m.dataset.kioskWordsIn || "[]");
    } catch (e) { return; }
    const boxes = [...document.querySelectorAll('a[href^="#"]'), ...keys.map(byKey)];
    for (const box of boxes.filter(Boolean)) {
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const wanted = words[node.nodeValue.trim()];
        if (wanted && node.nodeValue !== wanted) node.nodeValue = wanted;
      }
    }
  };

  const overlay = () => {
    let box = document.getElementById("kiosk-still-there");
    if (!box) {
      box = document.createElement("div");
      box.id = "kiosk-still-there";
      box.hidden = true;
      const dialog = document.createElement("div");
      dialog.setAttribute("role", "alertdialog");
      dialog.setAttribute("aria-modal", "true");
      dialog.setAttribute("aria-labelledby", "kiosk-still-title");
      dialog.setAttribute("aria-describedby", "kiosk-still-body");
      const title = document.createElement("h2");
      title.id = "kiosk-still-title";
      const body = document.createElement("p");
      body.id = "kiosk-still-body";
      body.setAttribute("aria-live", "polite");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.testid = "kiosk-still-here";
      dialog.append(title, body, button);
      box.appendChild(dialog);
      document.body.appendChild(box);
    }
    return box;
  };

  const tick = () => {
    const m = marker();
    const box = document.getElementById("kiosk-still-there");
    const idle = m ? Number(m.dataset.kioskIdle || 0) : 0;
    if (!idle) { if (box) box.hidden = true; return; }
    const warn = Number(m.dataset.kioskWarn || 0);
    const left = idle - (Date.now() - lastActivity) / 1000;
    if (left <= 0) { window.location.reload(); return; }
    if (warn > 0 && left <= warn) {
      const shown = overlay();
      shown.querySelector("h2").textContent = m.dataset.stillTitle || "";
      shown.querySelector("p").textContent = (m.dataset.stillBody || "").replace("{seconds}", Math.ceil(left));
      const button = shown.querySelector("button");
      button.textContent = m.dataset.stillButton || "OK";
      if (shown.hidden) { shown.hidden = false; button.focus(); }
    } else if (box) {
      box.hidden = true;
    }
  };

  const activity = () => {
    lastActivity = Date.now();
    const box = document.getElementById("kiosk-still-there");
    if (box && !box.hidden) box.hidden = true;
  };
  for (const type of ["pointerdown", "keydown", "input", "wheel", "touchstart"]) {
    document.addEventListener(type, activity, { capture: true, passive: true });
  }
  document.addEventListener("scroll", activity, { capture: true, passive: true });

  new MutationObserver(() => {
    const m = marker();
    if (m) { onNewScreen(m); translateStreamlit(m); }
    tieErrors();
  }).observe(document.body, { childList: true, subtree: true, attributes: true });
  setInterval(tick, 500);
}
