// edgecam live page, part 1 of 4: reading an MJPEG stream with fetch (so the page sees each frame's X-Timestamp and
// can close the stream when it no longer shows it) and painting its newest frame on a canvas. Used by the single
// view (app.js) and by each tile of the camera grid (grid.js).
'use strict';

// ---------------------------------------------------------------- multipart/x-mixed-replace reader
/** Bytes received and not yet parsed, in one growable array: each byte is copied in once, not once per chunk. */
class ByteQueue {
  constructor() {
    this.bytes = new Uint8Array(1 << 20);
    this.start = 0;
    this.end = 0;
  }

  get length() { return this.end - this.start; }

  push(chunk) {
    if (this.end + chunk.length > this.bytes.length) {
      const live = this.length;
      if (live + chunk.length > this.bytes.length) {
        const bigger = new Uint8Array(Math.max(this.bytes.length * 2, live + chunk.length));
        bigger.set(this.bytes.subarray(this.start, this.end));
        this.bytes = bigger;
      } else {
        this.bytes.copyWithin(0, this.start, this.end);
      }
      this.start = 0;
      this.end = live;
    }
    this.bytes.set(chunk, this.end);
    this.end += chunk.length;
  }

  /** Position of {@code pattern} from the start of the unparsed bytes, or -1. */
  indexOf(pattern) {
    const b = this.bytes;
    const last = this.end - pattern.length;
    outer: for (let i = this.start; i <= last; i++) {
      for (let j = 0; j < pattern.length; j++) if (b[i + j] !== pattern[j]) continue outer;
      return i - this.start;
    }
    return -1;
  }

  /** Removes and returns the next {@code n} bytes (a copy: the queue's array is reused). */
  take(n) {
    const out = this.bytes.slice(this.start, this.start + n);
    this.start += n;
    return out;
  }

  skip(n) { this.start += n; }
}

const CRLF2 = new Uint8Array([13, 10, 13, 10]);
const MAX_PART_HEADER_BYTES = 64 * 1024;

class MultipartReader {
  constructor(reader, boundary) {
    this.reader = reader;
    this.marker = new TextEncoder().encode('\r\n--' + boundary);
    this.queue = new ByteQueue();
    this.bytesRead = 0;
  }

  async fill() {
    const { value, done } = await this.reader.read();
    if (done) throw new Error('the stream ended');
    this.bytesRead += value.length;
    this.queue.push(value);
  }

  /** The next part: { headers: Map(lowercase name -> value), body: Uint8Array }. */
  async next() {
    let end;
    while ((end = this.queue.indexOf(CRLF2)) < 0) {
      if (this.queue.length > MAX_PART_HEADER_BYTES) throw new Error('part headers too large');
      await this.fill();
    }
    const text = new TextDecoder('ascii').decode(this.queue.take(end));
    this.queue.skip(4);
    const headers = new Map();
    for (const line of text.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const length = parseInt(headers.get('content-length'), 10);
    if (length >= 0) {
      while (this.queue.length < length) await this.fill();
      return { headers, body: this.queue.take(length) };
    }
    // Servers without Content-Length: the part ends at the next boundary.
    let at;
    while ((at = this.queue.indexOf(this.marker)) < 0) await this.fill();
    return { headers, body: this.queue.take(at) };
  }
}

/**
 * Reads the MJPEG stream at {@code url} until {@code signal} aborts it or it fails (then it throws), handing each
 * part to {@code onPart(part, bytesSinceLastPart)}. {@code onOpen()} runs once the server has answered with a stream.
 * A refusal throws an Error whose {@code status} is the HTTP status.
 */
async function readMjpeg(url, signal, onPart, onOpen = () => {}) {
  const response = await fetch(url, { cache: 'no-store', signal });
  if (!response.ok || !response.body) {
    const refused = new Error(`HTTP ${response.status}`);
    refused.status = response.status;
    throw refused;
  }
  onOpen();
  const type = response.headers.get('content-type') || '';
  const boundary = (/boundary=("?)([^";]+)\1/i.exec(type) || [])[2] || 'boundarydonotcross';
  const reader = new MultipartReader(response.body.getReader(), boundary);
  let lastBytes = 0;
  for (;;) {
    const part = await reader.next();
    onPart(part, reader.bytesRead - lastBytes);
    lastBytes = reader.bytesRead;
  }
}

/**
 * Paints the newest JPEG offered to it on {@code canvas}: latest frame wins here too, so a slow decode skips frames
 * instead of queueing them. Counts painted frames in the canvas's {@code data-frames} (the page test reads it) and
 * calls {@code onDrawn(frame)} after each.
 */
class LatestFramePainter {
  constructor(canvas, onDrawn = () => {}) {
    this.canvas = canvas;
    this.context = canvas.getContext('2d');
    this.onDrawn = onDrawn;
    this.pending = null;
    this.decoding = false;
    this.framesDrawn = 0;
  }

  offer(frame) {
    this.pending = frame;
    if (!this.decoding) this.drawPending();
  }

  /** Forgets a frame not painted yet (the stream it came from is closed). */
  drop() {
    this.pending = null;
  }

  async drawPending() {
    this.decoding = true;
    try {
      while (this.pending) {
        const frame = this.pending;
        this.pending = null;
        let bitmap;
        try {
          bitmap = await createImageBitmap(new Blob([frame.body], { type: 'image/jpeg' }));
        } catch (e) {
          continue; // a damaged frame: skip it, the next one will do
        }
        const canvas = this.canvas;
        if (canvas.width !== bitmap.width || canvas.height !== bitmap.height) {
          canvas.width = bitmap.width;
          canvas.height = bitmap.height;
        }
        this.context.drawImage(bitmap, 0, 0);
        bitmap.close();
        this.framesDrawn++;
        canvas.dataset.frames = String(this.framesDrawn);
        this.onDrawn(frame);
      }
    } finally {
      this.decoding = false;
    }
  }
}
