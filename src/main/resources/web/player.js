// edgecam live page: the player. Shows one camera's live picture by the best path this browser has, and says which:
//   WebCodecs  H.264 over a WebSocket (/h264?format=annexb), each frame painted on the canvas as soon as it is decoded;
//              needs a secure context (HTTPS, or http://localhost / 127.0.0.1);
//   MSE        H.264 as fragmented MP4 over a WebSocket (/h264?format=fmp4) into a <video> by Media Source Extensions,
//              kept near the live edge (plays faster when behind, jumps when far behind), its buffer trimmed;
//   MJPEG      the JPEG stream (/stream), read by stream.js: where neither H.264 path exists, for a camera that sends
//              no H.264, or when the viewer chooses it.
// It reconnects by itself with backoff and says so; every path reports each painted frame's capture time, so the
// page shows capture-to-screen latency. Used by the single view (app.js) and every grid tile (grid.js).
'use strict';

const PATHS = { webcodecs: 'WebCodecs', mse: 'MSE', mjpeg: 'MJPEG' };
/**
 * With no H.264 frame this long after the socket opened, the camera sends none: show MJPEG instead. Counted from the
 * handshake, not from asking: a busy server may take a second to answer, and opening a 720p encoder the first time
 * in a process (its native libraries load) took 3 s on a loaded 2-core machine (docs/benchmarks.md, issue 14).
 */
const H264_FIRST_FRAME_MS = 5000;
/** A camera found without H.264 is shown as MJPEG this long before H.264 is tried again (on a reconnect). */
const NO_H264_MEMORY_MS = 60000;
const PLAYER_MAX_RETRY_MS = 5000;
/** MSE: behind the live edge by more than this, play a little faster; by more than the jump, jump to the edge. */
const MSE_CATCH_UP_S = 0.3;
const MSE_JUMP_S = 1.0;
/** MSE: keep this much played video in the buffer, remove the rest (memory stays bounded over hours). */
const MSE_KEEP_S = 10;
/** MSE: capture times kept for the latest frames appended (20 s at 30 fps), to name a painted frame's. */
const MSE_CAPTURE_TIMES_KEPT = 600;
/** 'prft', the box in front of each fMP4 fragment that says when its frame was captured (media/Fmp4Fragmenter.java). */
const PRFT_TYPE = 0x70726674;
const NTP_UNIX_OFFSET_S = 2208988800;
/** WebCodecs: more frames than this waiting for the decoder and the rest is dropped up to the next keyframe. */
const MAX_DECODE_QUEUE = 4;

const noH264Since = new Map();
/** Paths that cannot play this camera's codec here (found when its description came): not tried again. */
const unsupportedPaths = new Set();
const PLAYBACK_KEY = 'edgecam.playback';

/** The viewer's choice, kept in this browser: 'auto' (the best path) or 'mjpeg'. */
function playbackChoice() {
  try {
    return window.localStorage.getItem(PLAYBACK_KEY) === 'mjpeg' ? 'mjpeg' : 'auto';
  } catch (e) {
    return 'auto';
  }
}

function choosePlayback(choice) {
  try {
    window.localStorage.setItem(PLAYBACK_KEY, choice);
  } catch (e) {
    // storage refused (private mode): the choice lasts until the page is left
  }
}

/** The H.264 path this browser can play ('webcodecs' or 'mse'), or null. */
function bestH264Path() {
  if (window.isSecureContext && typeof window.VideoDecoder === 'function' && !unsupportedPaths.has('webcodecs')) {
    return 'webcodecs';
  }
  if (window.MediaSource && MediaSource.isTypeSupported('video/mp4; codecs="avc1.42E01F"')
      && !unsupportedPaths.has('mse')) return 'mse';
  return null;
}

/** The header of an annexb frame message (wire/h264/H264SocketProtocol.java): flags, capture µs, sequence. */
function readFrameHeader(buffer) {
  const view = new DataView(buffer);
  return {
    keyframe: (view.getUint8(1) & 1) === 1,
    captureMicros: Number(view.getBigUint64(2)),
    sequence: Number(view.getBigUint64(10)),
  };
}
const FRAME_HEADER_BYTES = 18;

/**
 * One camera's live picture in {@code canvas} (WebCodecs, MJPEG) or {@code video} (MSE).
 * options: {
 *   onFrame(info)   after each painted frame: { captureMs, sequence, width, height } (captureMs: server clock, or NaN)
 *   onBytes(n)      bytes received
 *   onState(state, text)  'connecting' | 'live' | 'reconnecting', with words for the viewer
 *   onPath(path, why)     the path in use ('webcodecs' | 'mse' | 'mjpeg') and why that one
 *   fixedWidth      paint scaled to this canvas width (grid tiles), or 0 for the picture's own size
 *   onMjpegRefused(error)  the MJPEG stream was refused (error.status: the HTTP status); optional
 * }
 */
class LivePlayer {
  constructor(canvas, video, options) {
    this.canvas = canvas;
    this.video = video;
    this.options = options;
    this.painter = new LatestFramePainter(canvas, (frame) => this.mjpegPainted(frame));
    this.framesPainted = 0;
    this.path = null;
    this.session = null;
    this.generation = 0;
    this.wakeRetry = null;
  }

  /** Plays the camera at {@code base} ('' or '/cam/ID'); {@code mjpegUrl}: its MJPEG stream; mjpegOnly: the viewer's choice. */
  open(base, mjpegUrl, mjpegOnly) {
    this.close();
    this.base = base;
    this.mjpegUrl = mjpegUrl;
    this.mjpegOnly = mjpegOnly;
    this.run(++this.generation);
  }

  /** Stops playing: the server stops sending (and, when nobody else watches, encoding). */
  close() {
    this.generation++;
    this.endSession();
    this.painter.drop();
    this.wake();
  }

  /** Tries again now instead of after the backoff (the server answers again). */
  wake() {
    if (this.wakeRetry) this.wakeRetry();
  }

  choosePath() {
    const h264 = bestH264Path();
    if (this.mjpegOnly) return ['mjpeg', 'chosen'];
    if (!h264) return ['mjpeg', 'this browser plays no H.264 here'];
    const since = noH264Since.get(this.base);
    if (since && Date.now() - since < NO_H264_MEMORY_MS) return ['mjpeg', 'this camera sends no H.264'];
    return [h264, h264 === 'webcodecs' ? 'lowest latency' : window.isSecureContext ? 'no WebCodecs here'
      : 'WebCodecs needs HTTPS or localhost'];
  }

  async run(generation) {
    let backoffMs = 500;
    while (generation === this.generation) {
      const [path, why] = this.choosePath();
      this.setPath(path, why);
      this.options.onState('connecting', 'Connecting');
      const opened = () => { backoffMs = 500; };
      let outcome;
      try {
        outcome = await (path === 'mjpeg' ? this.playMjpeg(opened) : this.playH264(path, opened));
      } catch (e) {
        outcome = 'failed';
      }
      this.endSession();
      if (generation !== this.generation) return;
      if (outcome === 'no-h264') {
        noH264Since.set(this.base, Date.now());
        continue; // MJPEG at once
      }
      if (outcome === 'unsupported') {
        unsupportedPaths.add(path);
        continue; // the next path at once
      }
      this.options.onState('reconnecting', 'Reconnecting…');
      await new Promise((r) => { this.wakeRetry = r; setTimeout(r, backoffMs); });
      this.wakeRetry = null;
      backoffMs = Math.min(PLAYER_MAX_RETRY_MS, backoffMs * 2);
    }
  }

  setPath(path, why) {
    this.path = path;
    const mse = path === 'mse';
    this.video.hidden = !mse;
    this.canvas.hidden = mse;
    this.canvas.closest('[data-path]')?.setAttribute('data-path', path);
    this.options.onPath(path, why);
  }

  endSession() {
    const session = this.session;
    this.session = null;
    if (session) session.end();
  }

  /** Resolves when the MJPEG stream ends: 'failed'. */
  playMjpeg(opened) {
    const controller = new AbortController();
    this.session = { end: () => controller.abort() };
    return readMjpeg(this.mjpegUrl, controller.signal, (part, bytes) => {
      this.options.onBytes(bytes);
      this.painter.offer(part);
    }, opened).then(() => 'failed', (e) => {
      if (!controller.signal.aborted && this.options.onMjpegRefused) this.options.onMjpegRefused(e);
      return 'failed';
    });
  }

  mjpegPainted(frame) {
    const stamp = parseFloat(frame.headers.get('x-timestamp'));
    this.painted({ captureMs: stamp > 0 ? stamp * 1000 : NaN, sequence: Number(frame.headers.get('x-sequence')),
      width: this.canvas.width, height: this.canvas.height });
  }

  painted(info) {
    this.framesPainted++;
    const holder = this.canvas.closest('[data-path]') || this.canvas;
    holder.dataset.frames = String(this.framesPainted);
    this.options.onFrame(info);
  }

  /**
   * Resolves when the socket closes: 'no-h264' when no frame came in time or the server refused the socket,
   * 'unsupported' when this path cannot decode the camera's codec, else 'failed' (try again after the backoff).
   */
  playH264(path, opened) {
    return new Promise((resolve) => {
      const socketUrl = new URL(`${this.base}/h264?format=${path === 'mse' ? 'fmp4' : 'annexb'}`, window.location.href);
      socketUrl.protocol = socketUrl.protocol === 'https:' ? 'wss:' : 'ws:';
      const socket = new WebSocket(socketUrl);
      socket.binaryType = 'arraybuffer';
      const sink = path === 'mse' ? new MseSink(this) : new WebCodecsSink(this);
      let frames = 0;
      let handshaken = false;
      let noFrames;
      let finished = false;
      const finish = (outcome) => {
        if (finished) return;
        finished = true;
        clearTimeout(noFrames);
        socket.onclose = null;
        socket.close();
        sink.end();
        resolve(outcome);
      };
      this.session = { end: () => finish('closed') };
      socket.onopen = () => {
        handshaken = true;
        noFrames = setTimeout(() => { if (!frames) finish('no-h264'); }, H264_FIRST_FRAME_MS);
      };
      socket.onclose = () => {
        if (handshaken) finish('failed');
        else this.socketRefused().then((refused) => finish(refused ? 'no-h264' : 'failed'));
      };
      socket.onmessage = (event) => {
        if (typeof event.data === 'string') {
          sink.describe(JSON.parse(event.data));
          return;
        }
        this.options.onBytes(event.data.byteLength);
        if (sink.take(event.data) && frames++ === 0) opened();
      };
      sink.onFailure = (outcome) => finish(outcome || 'failed');
    });
  }

  /**
   * Whether the server answers but refuses this camera's H.264 socket (a server without /h264, a login it does not
   * take): a browser does not show a failed handshake's status, so ask for the URL as a plain request, which a
   * server with the socket answers with 426. False when the server does not answer (it is down: try again later).
   */
  async socketRefused() {
    try {
      const response = await fetch(`${this.base}/h264`, { cache: 'no-store' });
      return response.status !== 426;
    } catch (e) {
      return false;
    }
  }
}

/** Decodes annexb frame messages with WebCodecs and paints each decoded frame on the player's canvas at once. */
class WebCodecsSink {
  constructor(player) {
    this.player = player;
    this.context = player.canvas.getContext('2d');
    this.decoder = null;
    this.waitForKeyframe = true;
    this.sequences = new Map();
    this.onFailure = () => {};
  }

  describe(description) {
    if (this.decoder) this.decoder.close();
    VideoDecoder.isConfigSupported({ codec: description.codec }).then((support) => {
      if (!support.supported) this.onFailure('unsupported');
    }, () => this.onFailure('unsupported'));
    this.decoder = new VideoDecoder({
      output: (frame) => this.paint(frame),
      // Before its first picture, a decoder that fails cannot decode this stream at all.
      error: () => this.onFailure(this.decoded ? 'failed' : 'unsupported'),
    });
    // No description: the chunks are Annex B, with SPS and PPS in every keyframe (see H264SocketProtocol).
    this.decoder.configure({ codec: description.codec, optimizeForLatency: true });
    this.waitForKeyframe = true;
  }

  /** Decodes one frame message; false when it was dropped. */
  take(buffer) {
    if (!this.decoder || this.decoder.state !== 'configured') return false;
    const header = readFrameHeader(buffer);
    if (this.decoder.decodeQueueSize > MAX_DECODE_QUEUE && !header.keyframe) this.waitForKeyframe = true;
    if (this.waitForKeyframe && !header.keyframe) return false;
    this.waitForKeyframe = false;
    this.sequences.set(header.captureMicros, header.sequence);
    this.decoder.decode(new EncodedVideoChunk({ type: header.keyframe ? 'key' : 'delta',
      timestamp: header.captureMicros, data: new Uint8Array(buffer, FRAME_HEADER_BYTES) }));
    return true;
  }

  paint(frame) {
    this.decoded = true;
    const canvas = this.player.canvas;
    const fixed = this.player.options.fixedWidth;
    const width = fixed || frame.displayWidth;
    const height = fixed ? Math.round(fixed * frame.displayHeight / frame.displayWidth) : frame.displayHeight;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    this.context.drawImage(frame, 0, 0, width, height);
    canvas.dataset.frames = String(this.player.framesPainted + 1);
    const sequence = this.sequences.get(frame.timestamp);
    this.sequences.delete(frame.timestamp);
    this.player.painted({ captureMs: frame.timestamp / 1000, sequence, width: frame.displayWidth,
      height: frame.displayHeight });
    frame.close();
  }

  end() {
    if (this.decoder && this.decoder.state !== 'closed') this.decoder.close();
    this.decoder = null;
  }
}

/**
 * Appends fmp4 messages to a SourceBuffer of the player's video. The fragments' media time runs on without gaps (a
 * late frame starts where the one before it ended: no discontinuity, media/Fmp4Timeline.java), so it is not the
 * capture time; each fragment's prft box pairs its decode time with its capture time, which a painted frame's
 * mediaTime then finds.
 */
class MseSink {
  constructor(player) {
    this.player = player;
    this.video = player.video;
    this.queue = [];
    this.buffer = null;
    this.source = null;
    this.timescale = 90000;
    this.captureByTicks = new Map();
    this.onFailure = () => {};
    this.keepLive = setInterval(() => this.catchUp(), 250);
    this.watchFrames();
  }

  describe(description) {
    this.dropSource();
    this.queue = [];
    this.captureByTicks.clear();
    this.timescale = description.timescale || 90000;
    if (!MediaSource.isTypeSupported(`video/mp4; codecs="${description.codec}"`)) {
      this.onFailure('unsupported');
      return;
    }
    const source = new MediaSource();
    this.source = source;
    this.url = URL.createObjectURL(source);
    this.video.src = this.url;
    source.addEventListener('sourceopen', () => {
      if (this.source !== source) return;
      try {
        this.buffer = source.addSourceBuffer(`video/mp4; codecs="${description.codec}"`);
        this.buffer.mode = 'segments';
        this.buffer.addEventListener('updateend', () => this.append());
        this.buffer.addEventListener('error', () => this.onFailure());
        this.append();
      } catch (e) {
        this.onFailure();
      }
    }, { once: true });
  }

  take(buffer) {
    if (!this.source) return false;
    this.queue.push(this.withoutCaptureTime(buffer));
    if (this.queue.length > 300) this.onFailure(); // appending stalled: start afresh
    this.append();
    return true;
  }

  append() {
    const sourceBuffer = this.buffer;
    if (!sourceBuffer || sourceBuffer.updating || !this.queue.length) return;
    try {
      sourceBuffer.appendBuffer(this.queue.shift());
    } catch (e) {
      this.onFailure();
    }
  }

  /**
   * A fragment's moof and mdat (a view, not a copy), its prft box read: the frame's capture time (NTP: seconds since
   * 1900 and 1/2^32 fractions, the server's clock) kept by its decode time. Other messages (the init segment) as they are.
   */
  withoutCaptureTime(buffer) {
    const view = new DataView(buffer);
    if (buffer.byteLength < 32 || view.getUint32(4) !== PRFT_TYPE) return buffer;
    const captureMs = (view.getUint32(16) - NTP_UNIX_OFFSET_S) * 1000 + view.getUint32(20) / 4294967296 * 1000;
    this.captureByTicks.set(Number(view.getBigUint64(24)), captureMs);
    if (this.captureByTicks.size > MSE_CAPTURE_TIMES_KEPT) {
      this.captureByTicks.delete(this.captureByTicks.keys().next().value);
    }
    return new Uint8Array(buffer, view.getUint32(0));
  }

  /** The capture time (server clock, ms) of the frame at {@code mediaTime} seconds, or NaN when not known. */
  captureMsAt(mediaTime) {
    const ticks = Math.round(mediaTime * this.timescale);
    for (const near of [ticks, ticks - 1, ticks + 1]) { // the browser keeps media time in µs: a tick either way
      const captureMs = this.captureByTicks.get(near);
      if (captureMs !== undefined) return captureMs;
    }
    return NaN;
  }

  /** Stays near the live edge: faster when behind, a jump when far behind or stuck in a gap; trims the past. */
  catchUp() {
    const video = this.video;
    const ranges = video.buffered;
    if (!this.buffer || !ranges.length) return;
    const end = ranges.end(ranges.length - 1);
    const lastStart = ranges.start(ranges.length - 1);
    const lag = end - video.currentTime;
    if (lag > MSE_JUMP_S || video.currentTime < lastStart) {
      video.currentTime = Math.max(lastStart, end - 0.1);
    }
    video.playbackRate = lag > MSE_CATCH_UP_S ? 1.1 : 1.0;
    if (video.paused) video.play().catch(() => {});
    const start = ranges.start(0);
    if (!this.buffer.updating && video.currentTime - start > 2 * MSE_KEEP_S) {
      this.buffer.remove(start, video.currentTime - MSE_KEEP_S);
    }
  }

  /** Counts each painted frame and its capture time (requestVideoFrameCallback: when it is composited). */
  watchFrames() {
    const video = this.video;
    if (typeof video.requestVideoFrameCallback !== 'function') return;
    const onFrame = (now, meta) => {
      if (this.ended) return;
      this.player.painted({ captureMs: this.captureMsAt(meta.mediaTime), sequence: undefined, width: meta.width,
        height: meta.height });
      this.callback = video.requestVideoFrameCallback(onFrame);
    };
    this.callback = video.requestVideoFrameCallback(onFrame);
  }

  dropSource() {
    this.buffer = null;
    this.source = null;
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
  }

  end() {
    this.ended = true;
    clearInterval(this.keepLive);
    if (this.callback !== undefined && this.video.cancelVideoFrameCallback) this.video.cancelVideoFrameCallback(this.callback);
    this.dropSource();
    this.video.removeAttribute('src');
    this.video.load();
  }
}
