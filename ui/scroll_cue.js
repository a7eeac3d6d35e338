// A step whose questions run past the screen says so: "More questions below", just above the
// step's button bar, while there is more below (tapping it scrolls down a screen). It reads its
// words from the screen's marker (data-more-below) and finds the bar by its key (.st-key-actions).
// Installed once per page load, beside kiosk_watch.js.
if (!window.kioskScrollCue) {
  window.kioskScrollCue = true;
  const scrollerOf = (el) => {
    for (let box = el && el.parentElement; box; box = box.parentElement) {
      if (/(auto|scroll)/.test(getComputedStyle(box).overflowY) && box.scrollHeight > box.clientHeight) return box;
    }
    return document.scrollingElement;
  };
  const cue = () => {
    let shown = document.getElementById("kiosk-more-below");
    if (!shown) {
      shown = document.createElement("button");
      shown.id = "kiosk-more-below";
      shown.type = "button";
      shown.hidden = true;
      shown.addEventListener("click", () => {
        const box = scrollerOf(document.getElementById("kiosk-marker"));
        box.scrollBy({ top: box.clientHeight * 0.7, behavior: "smooth" });
      });
      document.body.appendChild(shown);
    }
    return shown;
  };
  const update = () => {
    const marker = document.getElementById("kiosk-marker");
    const words = marker && marker.dataset.moreBelow;
    const bar = document.querySelector(".st-key-actions");
    const shown = document.getElementById("kiosk-more-below");
    if (!words || !bar) { if (shown) shown.hidden = true; return; }
    const box = scrollerOf(marker);
    const below = box.scrollHeight - box.scrollTop - box.clientHeight;
    const more = below > 48;  // a few pixels left over are not questions
    const button = cue();
    if (button.textContent !== words) button.textContent = words;
    button.style.bottom = `${Math.max(0, window.innerHeight - bar.getBoundingClientRect().top) + 8}px`;
    button.hidden = !more;
  };
  document.addEventListener("scroll", update, { capture: true, passive: true });
  window.addEventListener("resize", update);
  new MutationObserver(update).observe(document.body, { childList: true, subtree: true });
  setInterval(update, 500);
}
