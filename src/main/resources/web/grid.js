// edgecam live page, part 3 of 4: the grid of every camera of a server that has several. Each tile shows its camera's
// live picture at a small size (played by player.js: H.264 where the browser can, scaled to the tile; else MJPEG), its id, source, frame rate and whether it is online (and why not); a tile is a link
// to #cam=ID, the single view of that camera (app.js). A tile reads one stream, and closes it when it leaves the grid.
'use strict';

/** Tiles ask for pictures this wide (less when the camera's are smaller): enough for a tile, cheap on Wi-Fi. */
const TILE_PICTURE_WIDTH = 320;

/**
 * The URL of a tile's stream: the camera's own stream at {@link TILE_PICTURE_WIDTH} and its own aspect ratio, or at
 * its own size while that is unknown (a camera that never opened serves "no signal" at the size it was asked for),
 * when it is no larger, or when {@code ownSizeOnly} (the server refused another size).
 */
function tileStreamUrl(camera, ownSizeOnly) {
  const { width, height } = camera.source;
  if (ownSizeOnly || !width || !height || width <= TILE_PICTURE_WIDTH) return camera.urls.stream;
  const tileHeight = Math.max(16, Math.round(TILE_PICTURE_WIDTH * height / width / 2) * 2);
  return `${camera.urls.stream}?size=${TILE_PICTURE_WIDTH}x${tileHeight}`;
}

/** One camera's tile: its picture (one stream while it is in the grid) and what /state says about it. */
class CameraTile {
  constructor(camera) {
    this.id = camera.id;
    this.element = document.createElement('a');
    this.element.className = 'tile';
    this.element.href = `#cam=${encodeURIComponent(camera.id)}`;
    this.element.dataset.camera = camera.id;
    this.element.innerHTML = `
      <div class="tile-stage" data-path="" data-frames="0">
        <canvas class="tile-picture" width="320" height="180" data-frames="0"></canvas>
        <video class="tile-picture" muted autoplay playsinline disablepictureinpicture hidden></video>
        <span class="tile-badge"></span>
      </div>
      <div class="tile-facts">
        <div class="tile-title"><strong class="tile-id"></strong><span class="tile-fps"></span></div>
        <div class="tile-source"></div>
        <div class="tile-reason" hidden></div>
      </div>`;
    this.element.querySelector('.tile-id').textContent = camera.id;
    this.element.setAttribute('aria-label', `Camera ${camera.id}: open its view`);
    this.player = new LivePlayer(this.element.querySelector('canvas'), this.element.querySelector('video'), {
      onFrame: () => {},
      onBytes: () => {},
      onState: () => {},
      onPath: (path, why) => { this.element.querySelector('.tile-stage').title = `${PATHS[path]}: ${why}`; },
      onMjpegRefused: (e) => this.refused(e),
      fixedWidth: TILE_PICTURE_WIDTH,
    });
    this.url = null;
    this.ownSizeOnly = false;
  }

  /** Shows {@code camera}, this tile's entry of /state, and (re)opens the stream when its URL changed. */
  update(camera) {
    const src = camera.source;
    const q = (selector) => this.element.querySelector(selector);
    q('.tile-source').textContent = src.description;
    q('.tile-fps').textContent = `${src.measuredFps.toFixed(1)} fps`;
    const badge = q('.tile-badge');
    badge.textContent = src.online ? 'Live' : 'Offline';
    badge.classList.toggle('offline', !src.online);
    const reason = q('.tile-reason');
    reason.hidden = src.online;
    reason.textContent = src.online ? '' : `Offline: ${src.lastError || 'no reason given'}`;
    this.element.classList.toggle('offline', !src.online);
    this.camera = camera;
    const url = tileStreamUrl(camera, this.ownSizeOnly);
    if (url !== this.url) this.open(url);
  }

  /** Plays the camera, its MJPEG stream (when that is the path) from {@code url}. */
  open(url) {
    this.url = url;
    const base = this.camera.urls.stream.replace(/\/stream$/, '');
    this.player.open(base, url, playbackChoice() === 'mjpeg');
  }

  /** The server serves only so many sizes of a camera: show this one at its own size instead. */
  refused(error) {
    if (error.status === 400 && this.url && this.url.includes('?size=')) {
      this.ownSizeOnly = true;
      this.open(tileStreamUrl(this.camera, true));
    }
  }

  /** Tries again now, not after the backoff (the server answers again). */
  wake() {
    this.player.wake();
  }

  /** Closes the stream: the server stops sending (and, when nobody else watches that size, encoding) it. */
  close() {
    this.player.close();
    this.url = null;
  }
}

/** The tiles of every camera in /state's order, kept in {@code container}. */
class CameraGrid {
  constructor(container) {
    this.container = container;
    this.tiles = new Map();
  }

  /** Shows {@code cameras} (/state's array): new ones get a tile, gone ones lose theirs and its stream. */
  show(cameras) {
    const ids = new Set(cameras.map((c) => c.id));
    for (const [id, tile] of this.tiles) {
      if (!ids.has(id)) {
        tile.close();
        tile.element.remove();
        this.tiles.delete(id);
      }
    }
    cameras.forEach((camera, place) => {
      let tile = this.tiles.get(camera.id);
      if (!tile) {
        tile = new CameraTile(camera);
        this.tiles.set(camera.id, tile);
      }
      // In /state's order, moving a tile only when it is out of place (a moved tile would lose a click under way).
      const there = this.container.children[place];
      if (there !== tile.element) this.container.insertBefore(tile.element, there || null);
      tile.update(camera);
    });
  }

  /** Closes every tile's stream and empties the grid (the page shows one camera now). */
  clear() {
    for (const tile of this.tiles.values()) tile.close();
    this.tiles.clear();
    this.container.replaceChildren();
  }

  wake() {
    for (const tile of this.tiles.values()) tile.wake();
  }

  /** Plays every tile again, by the path the viewer chose now. */
  replay() {
    for (const tile of this.tiles.values()) if (tile.url) tile.open(tile.url);
  }
}
