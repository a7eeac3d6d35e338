// The lobby display's voice: a chime and a spoken call, once per call.
// Each refresh of the display renders this script with the calls on screen (window.lobbyCalls,
// set just before); the ids already announced are kept in sessionStorage, so neither a refresh
// nor a reload of the page says a call again. A page opened afresh says only the calls of the
// last minute. Elements are made with createElement: markup inside a script string broke
// st.html scripts before.
(() => {
  const KEY = "lobbyAnnounced";
  const FRESH_SECONDS = 60;
  const calls = window.lobbyCalls || [];
  window.lobbyRuns = (window.lobbyRuns || 0) + 1; // browser tests wait on refreshes with it

  let remembered = null;
  try {
    remembered = JSON.parse(window.sessionStorage.getItem(KEY) || "null");
  } catch (error) {
    remembered = window.lobbyAnnouncedHere || null;
  }
  const firstLook = remembered === null;
  const known = new Set(remembered || []);
  const toSay = [];
  for (const call of calls) {
    if (known.has(call.id)) continue;
    known.add(call.id);
    if (!firstLook || call.age < FRESH_SECONDS) toSay.push(call);
  }
  // Only the calls still on screen are kept: a call that left it never comes back.
  const kept = [...known].filter((id) => calls.some((call) => call.id === id));
  window.lobbyAnnouncedHere = kept;
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify(kept));
  } catch (error) {
    // private mode: the page's memory above still covers refreshes
  }
  if (!toSay.length) return;

  const audio = () => {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return null;
    if (!window.lobbyAudio) window.lobbyAudio = new Context();
    return window.lobbyAudio;
  };

  // Two soft notes, made here: no sound file to fetch.
  const chime = () => {
    const context = audio();
    if (!context) return;
    if (context.state === "suspended") {
      context.resume().catch(() => {});
      soundButton();
    }
    const start = context.currentTime + 0.05;
    [[880, 0], [660, 0.35]].forEach(([frequency, offset]) => {
      const tone = context.createOscillator();
      const volume = context.createGain();
      tone.type = "sine";
      tone.frequency.value = frequency;
      volume.gain.setValueAtTime(0.0001, start + offset);
      volume.gain.exponentialRampToValueAtTime(0.3, start + offset + 0.02);
      volume.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.6);
      tone.connect(volume).connect(context.destination);
      tone.start(start + offset);
      tone.stop(start + offset + 0.65);
    });
  };

  // A browser that keeps sound off until someone taps the page (autoplay rules) gets one
  // button to tap, once.
  const soundButton = () => {
    if (document.getElementById("lobby-sound-on")) return;
    const button = document.createElement("button");
    button.id = "lobby-sound-on";
    button.type = "button";
    button.textContent = "Turn on sound";
    Object.assign(button.style, {
      position: "fixed", right: "1.5rem", bottom: "1.5rem", zIndex: 1000,
      fontSize: "1.4rem", padding: "0.6rem 1.2rem", borderRadius: "0.5rem",
    });
    button.addEventListener("click", () => {
      const context = audio();
      if (context) context.resume().catch(() => {});
      button.remove();
    });
    document.body.appendChild(button);
  };

  const voiceFor = (lang) => {
    const voices = window.speechSynthesis.getVoices ? window.speechSynthesis.getVoices() : [];
    return voices.find((v) => v.lang === lang) || voices.find((v) => v.lang.startsWith(lang.slice(0, 2))) || null;
  };

  chime();
  if (!("speechSynthesis" in window)) return;
  // After the chime; the browser queues the utterances, one after another.
  window.setTimeout(() => {
    for (const call of toSay) {
      const words = new SpeechSynthesisUtterance(call.text);
      words.lang = call.lang;
      words.rate = 0.9;
      const voice = voiceFor(call.lang);
      if (voice) words.voice = voice;
      window.speechSynthesis.speak(words);
    }
  }, 900);
})();
