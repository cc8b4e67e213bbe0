'use strict';
// The single view's recordings timeline: one camera's segments of a day (from /recordings) as blocks on a bar, its
// motion events (from /events) marked on it, and a <video> that plays the segment at the point clicked or dragged to,
// then the segments after it. The bar spans the day's recordings (a minute at least), so a short recording is not a
// hairline on a phone's screen. Times on the bar are the browser's local time; days are UTC days, as the folders on the server.

const TIMELINE_REFRESH_MS = 30_000;

class RecordingTimeline {
  /** @param el the elements: card, day (select), bar, track, cursor, scale, video, note */
  constructor(el) {
    this.el = el;
    this.cameraId = null;  // null: the server's first recording camera
    this.day = null;
    this.segments = [];    // {startMs, endMs, url, event, writing}
    this.events = [];      // {startMs, endMs}
    this.viewStart = 0;
    this.viewEnd = 1;
    this.playing = null;   // the segment in the video
    this.loadedAt = 0;
    el.day.addEventListener('change', () => this.load(el.day.value));
    el.bar.addEventListener('pointerdown', (e) => this.scrub(e, true));
    el.bar.addEventListener('pointermove', (e) => { if (e.buttons & 1) this.scrub(e, false); });
    el.bar.addEventListener('pointerup', (e) => this.playAt(this.timeAt(e)));
    el.bar.addEventListener('keydown', (e) => this.key(e));
    el.video.addEventListener('timeupdate', () => this.followVideo());
    el.video.addEventListener('ended', () => this.playNext());
  }

  /** Shows the recordings of {@code cameraId} (null: the only camera), or hides the card when it has none. */
  async show(cameraId) {
    this.cameraId = cameraId;
    this.day = null;
    this.stop();
    await this.load(null);
  }

  hide() {
    this.stop();
    this.el.card.hidden = true;
  }

  /** Reads the list again when it is older than the refresh period (new segments, new events). */
  refresh() {
    if (!this.el.card.hidden && performance.now() - this.loadedAt > TIMELINE_REFRESH_MS) this.load(this.day);
  }

  async load(day) {
    this.loadedAt = performance.now();
    try {
      const all = await (await fetch('/recordings', { cache: 'no-store' })).json();
      const camera = (all.cameras || []).find((c) => this.cameraId === null || c.id === this.cameraId);
      if (!camera || camera.days.length === 0) {
        this.el.card.hidden = true;
        return;
      }
      this.camera = camera.id;
      this.day = day && camera.days.includes(day) ? day : camera.days[camera.days.length - 1];
      this.el.day.replaceChildren(...camera.days.slice().reverse().map((d) => new Option(d, d, false, d === this.day)));
      const listed = await (await fetch(`/recordings?camera=${encodeURIComponent(camera.id)}&day=${this.day}`,
        { cache: 'no-store' })).json();
      this.segments = listed.segments.map((s) => ({
        startMs: Date.parse(s.start), endMs: Date.parse(s.end), url: s.url, event: !!s.event, writing: s.writing,
      }));
      this.events = await this.motionEvents(camera.id, this.day);
      this.el.card.hidden = false;
      this.render();
    } catch (e) {
      this.el.note.textContent = `The recordings cannot be listed: ${e.message}`;
    }
  }

  /** The day's motion events as spans: each motion_start until its motion_end (or now, while it lasts). */
  async motionEvents(cameraId, day) {
    const since = new Date(Date.parse(`${day}T00:00:00Z`) - 1).toISOString();
    const until = `${day}T23:59:59.999Z`;
    const answer = await fetch(`/events?camera=${encodeURIComponent(cameraId)}&since=${since}&until=${until}`,
      { cache: 'no-store' });
    if (!answer.ok) return [];
    const spans = [];
    let open = null;
    for (const event of (await answer.json()).events) {
      if (event.type === 'motion_start') {
        open = { startMs: Date.parse(event.time), endMs: Date.now() };
        spans.push(open);
      } else if (event.type === 'motion_end' && open) {
        open.endMs = Date.parse(event.time);
        open = null;
      }
    }
    return spans;
  }

  render() {
    // From the first recording to the last, a minute at least: a day of 5-minute segments, or a few seconds of them.
    const first = this.segments.length ? this.segments[0].startMs : Date.now();
    const last = this.segments.length ? Math.max(...this.segments.map((s) => s.endMs)) : first;
    this.viewStart = first;
    this.viewEnd = Math.max(last, first + 60_000);
    const short = this.viewEnd - this.viewStart < 600_000;
    const blocks = this.segments.map((s) => this.block('timeline-segment' + (s.event ? ' event-clip' : ''), s, {
      url: s.url, start: new Date(s.startMs).toISOString(),
    }));
    const marks = this.events.map((e) => this.block('timeline-event', e, { start: new Date(e.startMs).toISOString() }));
    this.el.track.replaceChildren(...blocks, ...marks);
    const labels = [0, 0.25, 0.5, 0.75, 1].map((f) => {
      const label = document.createElement('span');
      label.textContent = timeOfDay(this.viewStart + f * (this.viewEnd - this.viewStart), short);
      return label;
    });
    this.el.scale.replaceChildren(...labels);
    this.el.bar.setAttribute('aria-valuemin', timeOfDay(this.viewStart, false));
    this.el.bar.setAttribute('aria-valuemax', timeOfDay(this.viewEnd, false));
    if (!this.playing) {
      this.el.note.textContent = `${this.segments.length} segment(s), ${this.events.length} motion event(s) on ${this.day}`
        + ' (UTC day). Click or drag on the bar to play.';
    }
  }

  /** A span of the bar from {@code span.startMs} to {@code span.endMs}, at least 2 px wide. */
  block(className, span, data) {
    const div = document.createElement('div');
    div.className = className;
    const width = this.viewEnd - this.viewStart;
    div.style.left = `${(100 * (span.startMs - this.viewStart)) / width}%`;
    div.style.width = `max(2px, ${(100 * (span.endMs - span.startMs)) / width}%)`;
    Object.assign(div.dataset, data);
    div.title = `${timeOfDay(span.startMs, true)} – ${timeOfDay(span.endMs, true)}`;
    return div;
  }

  timeAt(e) {
    const box = this.el.bar.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (e.clientX - box.left) / box.width));
    return this.viewStart + f * (this.viewEnd - this.viewStart);
  }

  scrub(e, capture) {
    if (capture && e.pointerId !== undefined) this.el.bar.setPointerCapture(e.pointerId);
    this.moveCursor(this.timeAt(e));
  }

  /** Arrow keys step 10 s through what is playing (the bar is a slider for the keyboard too). */
  key(e) {
    if (!this.playing || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight')) return;
    e.preventDefault();
    const now = this.playing.startMs + this.el.video.currentTime * 1000;
    this.playAt(now + (e.key === 'ArrowRight' ? 10_000 : -10_000));
  }

  moveCursor(ms) {
    const cursor = this.el.cursor;
    cursor.hidden = false;
    cursor.style.left = `${(100 * (ms - this.viewStart)) / (this.viewEnd - this.viewStart)}%`;
    this.el.bar.setAttribute('aria-valuenow', timeOfDay(ms, true));
  }

  /** Plays the segment that holds {@code ms} from there, or the next one after it. */
  playAt(ms) {
    const segment = this.segments.find((s) => ms >= s.startMs && ms < s.endMs)
      || this.segments.find((s) => s.startMs > ms);
    if (!segment) {
      this.el.note.textContent = `Nothing recorded at or after ${timeOfDay(ms, true)}.`;
      return;
    }
    const offset = Math.max(0, (ms - segment.startMs) / 1000);
    this.play(segment, offset);
  }

  play(segment, offset) {
    const video = this.el.video;
    this.moveCursor(segment.startMs + offset * 1000);
    if (segment.url.endsWith('.mkv')) {
      this.playing = null;
      video.hidden = true;
      video.removeAttribute('src');
      this.el.note.replaceChildren(`${timeOfDay(segment.startMs, true)}: this camera records MJPEG in Matroska, which `
        + 'browsers do not play; ', timelineLink(segment.url, 'download the segment'), '.');
      return;
    }
    video.hidden = false;
    const start = () => {
      video.currentTime = offset;
      video.play().catch(() => { /* autoplay refused: the controls are there */ });
    };
    if (this.playing === segment && video.readyState >= 1) {
      start();
    } else {
      this.playing = segment;
      video.addEventListener('loadedmetadata', start, { once: true });
      video.src = segment.url;
    }
    this.el.note.replaceChildren(`Playing from ${timeOfDay(segment.startMs + offset * 1000, true)} · `,
      timelineLink(segment.url, segment.url.slice(segment.url.lastIndexOf('/') + 1)));
  }

  followVideo() {
    if (this.playing) this.moveCursor(this.playing.startMs + this.el.video.currentTime * 1000);
  }

  playNext() {
    const next = this.playing && this.segments.find((s) => s.startMs > this.playing.startMs);
    if (next) this.play(next, 0);
  }

  stop() {
    this.playing = null;
    const video = this.el.video;
    video.pause();
    video.removeAttribute('src');
    video.load();
    video.hidden = true;
    this.el.cursor.hidden = true;
  }
}

/** A time of day in the browser's zone: HH:MM (and :SS with {@code seconds}). */
function timeOfDay(ms, seconds) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}) });
}

function timelineLink(href, text) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  return a;
}
