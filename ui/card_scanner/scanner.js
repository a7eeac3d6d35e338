// The camera screen's live scan: reads the card's QR code from the camera's video in the browser
// and sends Python only the text it read ("scanned"), never a picture. Python checks the text
// as it checks a handheld scanner's.
//
// Decoder: the browser's own BarcodeDetector where it reads QR codes (Chrome on Android and
// ChromeOS, Safari 17+ on some devices); else zxing-wasm's reader, served by the app from
// static/zxing-wasm/ (scripts/vendor-zxing-wasm). "unavailable" tells Python to fall back to a
// photo: no camera, no decoder, or nothing read for give_up_ms.

const FRAME_MS = 120; // about 8 reads a second: quick to greet, light on a tablet's battery
const LONG_SIDE = 960; // frames are read at most this wide: enough for a card held up, and fast
const SAME_TEXT_MS = 3000; // the same code held in view is sent again only after this long
const MAX_TEXT = 600; // longer is not our card; Python says so without reading it all

const scanners = new WeakMap(); // one per mounted component, found again if Streamlit calls us twice
let zxingReady = null; // zxing-wasm is loaded once per page

export default function cardScanner({ parentElement, data, setTriggerValue }) {
  let scanner = scanners.get(parentElement);
  if (!scanner) {
    scanner = start(parentElement, data, setTriggerValue);
    scanners.set(parentElement, scanner);
  }
  // Streamlit calls this when the screen changes: the camera must not stay on behind Welcome.
  return () => {
    scanner.stop();
    scanners.delete(parentElement);
  };
}

function start(root, data, send) {
  const video = root.querySelector("video");
  video.setAttribute("aria-label", data.label);
  const startedAt = performance.now();
  let stream = null;
  let stopped = false;
  let readSomething = false;
  let lastText = "";
  let lastSentAt = 0;

  const stop = () => {
    stopped = true;
    stream?.getTracks().forEach((track) => track.stop());
    video.srcObject = null;
  };

  const giveUp = (why) => {
    if (!stopped) send("unavailable", why);
    stop();
  };

  const offer = (text) => {
    readSomething = true;
    const now = performance.now();
    if (text === lastText && now - lastSentAt < SAME_TEXT_MS) return;
    lastText = text;
    lastSentAt = now;
    performance.mark("card-scanner:read");
    send("scanned", text.slice(0, MAX_TEXT));
  };

  (async () => {
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: "user", width: { ideal: 1280 }, height: { ideal: 720 } },
      });
    } catch {
      return giveUp("camera");
    }
    if (stopped) return stop(); // the screen changed while the browser asked for the camera
    video.srcObject = stream;
    await video.play().catch(() => {});
    performance.mark("card-scanner:playing");
    let read;
    try {
      read = await decoder(data, video);
    } catch {
      return giveUp("decoder");
    }
    while (!stopped) {
      const began = performance.now();
      const text = await read().catch(() => null);
      if (stopped) return;
      if (text) offer(text);
      else if (!readSomething && performance.now() - startedAt > data.give_up_ms) return giveUp("timeout");
      await new Promise((done) => setTimeout(done, Math.max(0, FRAME_MS - (performance.now() - began))));
    }
  })();

  return { stop };
}

// A function that reads the video's current frame: the text of a QR code, or null.
async function decoder(data, video) {
  if ("BarcodeDetector" in window) {
    const formats = await window.BarcodeDetector.getSupportedFormats().catch(() => []);
    if (formats.includes("qr_code")) {
      const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      return async () => {
        if (video.readyState < 2) return null;
        const codes = await detector.detect(video);
        return codes.length ? codes[0].rawValue : null;
      };
    }
  }
  const zxing = await loadZxing(data.zxing);
  const canvas = document.createElement("canvas"); // never in the page, never sent anywhere
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const options = { formats: ["QRCode"], tryHarder: true, maxNumberOfSymbols: 1 };
  return async () => {
    if (video.readyState < 2 || !video.videoWidth) return null;
    const scale = Math.min(1, LONG_SIDE / Math.max(video.videoWidth, video.videoHeight));
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const found = await zxing.readBarcodes(context.getImageData(0, 0, canvas.width, canvas.height), options);
    return found.length ? found[0].text : null;
  };
}

function loadZxing({ script, wasm }) {
  zxingReady ??= new Promise((loaded, failed) => {
    const tag = document.createElement("script");
    tag.src = script;
    tag.onload = loaded;
    tag.onerror = failed;
    document.head.appendChild(tag);
  }).then(async () => {
    // Its default is a CDN; a lobby tablet gets it from this server instead.
    const locateFile = (path, prefix) => (path.endsWith(".wasm") ? wasm : prefix + path);
    await window.ZXingWASM.prepareZXingModule({ overrides: { locateFile }, fireImmediately: true });
    return window.ZXingWASM;
  });
  zxingReady.catch(() => {
    zxingReady = null; // a failed load is tried again on the next camera screen
  });
  return zxingReady;
}
