package dev.edgecam.hub;

import dev.edgecam.frame.Frame;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub for codecs whose frames depend on earlier frames (H.264): it keeps the current group of pictures
 * (GOP), from the newest keyframe on, so that every client starts at a keyframe and never receives a frame it
 * cannot decode.
 *
 * <p><b>Buffer.</b> The frames from the newest keyframe on, in a ring, bounded by {@link Limits#maxFrames()}
 * frames and {@link Limits#maxBytes()} bytes. A keyframe releases the GOP before it.
 *
 * <p><b>Overflow.</b> When the current GOP outgrows a bound, its oldest frames are dropped, the keyframe first.
 * From then until the next keyframe no client can start: new subscribers wait for it, and {@link #keyframeWanted()}
 * is true, so an encoder can be asked to force one. A single frame larger than the byte bound is still kept (alone):
 * dropping it would break every client's picture.
 *
 * <p><b>Subscribers.</b> Each has its own cursor ({@link Subscriber}) and takes frames in order with
 * {@link Subscriber#next()}. A new subscriber starts at the cached keyframe, so it never waits for the encoder's next
 * scheduled keyframe (and gets the GOP so far at once: the decoder needs all of it). A subscriber falls behind when
 * its next frame has left the buffer: a newer keyframe released it, or the subscriber is more than the bounds
 * behind the newest frame. It then skips to the newest keyframe, or, when none after its cursor is cached, skips
 * every frame until the next keyframe arrives; it never gets a frame whose reference it missed. The frames it skips
 * count in {@link Subscriber#framesSkipped()}. A subscriber still in the previous GOP when a keyframe arrives thus
 * resumes at that keyframe, which is also where a live picture wants it.
 *
 * <p><b>Nobody waits for anybody.</b> {@link #publish} takes no lock: it stores the frame in the ring (dropping old
 * frames costs O(1) each, once per frame), moves the volatile end and wakes every listener, which must only schedule
 * its client's work (see {@link FrameListener}). Subscribers read the ring without a lock and check that the frame
 * they read is still the one at their position; so a slow client costs nobody else anything, and holds at most the
 * frame it is writing beyond the bounds.
 *
 * <p><b>Demand.</b> Subscribers are the demand, as in {@link FrameHub}: with none, nothing is encoded.
 *
 * <p>{@link #publish} is called by one producer thread; each {@link Subscriber} by one thread at a time.
 */
public final class GopHub implements Hub {

    private static final Logger log = LoggerFactory.getLogger(GopHub.class);

    /**
     * The bounds of the buffer.
     *
     * @param maxFrames frames kept at most (at least 2): a GOP longer than this overflows
     * @param maxBytes bytes of frames kept at most: a GOP larger than this overflows
     */
    public record Limits(int maxFrames, long maxBytes) {

        /** 300 frames (10 s at 30 fps; a camera's GOP is usually 1 to 2 s) and 8 MiB (a 2 s GOP at 30 Mbit/s). */
        public static final Limits DEFAULT = new Limits(300, 8L << 20);

        public Limits {
            if (maxFrames < 2) {
                throw new IllegalArgumentException("a GOP buffer needs room for at least 2 frames, not " + maxFrames);
            }
            if (maxBytes < 1) {
                throw new IllegalArgumentException("a GOP buffer needs a positive byte bound, not " + maxBytes);
            }
        }
    }

    /** A frame and its position in the hub's order, so a reader can tell that its slot was not reused. */
    private record Entry(long position, Frame frame) {
    }

    private final Limits limits;
    private final AtomicReferenceArray<Entry> ring;
    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    // Written by the producer only.
    private Frame newest;
    private long oldest;
    private volatile int retainedFrames;
    private volatile long retainedBytes;
    private volatile long overflows;

    /** Frames published so far: the position the next frame gets. Written last, so a reader sees the frame. */
    private volatile long published;
    /** Position of the cached keyframe (the start of the current GOP), or -1 when none is cached. */
    private volatile long gopStart = -1;

    public GopHub(Limits limits) {
        this.limits = limits;
        this.ring = new AtomicReferenceArray<>(limits.maxFrames());
    }

    @Override
    public void publish(Frame frame) {
        if (newest != null && frame.sequence() <= newest.sequence()) {
            throw new IllegalArgumentException("frame " + frame.sequence() + " is not newer than " + newest.sequence());
        }
        newest = frame;
        long position = published;
        if (frame.keyframe()) {
            while (oldest < position) {
                dropOldest(); // the previous GOP: nobody can start there any more
            }
        }
        while (oldest < position
                && (position - oldest >= limits.maxFrames() || retainedBytes + frame.size() > limits.maxBytes())) {
            if (oldest == gopStart) {
                gopStart = -1;
                overflowed();
            }
            dropOldest();
        }
        ring.set(slot(position), new Entry(position, frame));
        retainedFrames++;
        retainedBytes += frame.size();
        if (frame.keyframe()) {
            gopStart = position;
        }
        published = position + 1;
        for (Subscriber subscriber : subscribers) {
            try {
                subscriber.wake.onFrame(frame);
            } catch (RuntimeException e) {
                // One broken client must not stop the camera or the others.
                log.warn("HUB: a frame listener failed: {}", e.toString(), e);
            }
        }
    }

    /**
     * Forgets the cached frames: the producer stopped feeding the hub (nobody watched), so they are pictures of the
     * past, and a viewer arriving later should start at the next keyframe (which an encoder forces at once, see
     * {@link #keyframeWanted()}) instead. A subscriber still positioned in them skips to that keyframe. Called by the
     * producer thread.
     */
    public void releaseCache() {
        gopStart = -1;
        while (oldest < published) {
            dropOldest();
        }
    }

    private void dropOldest() {
        int slot = slot(oldest);
        retainedBytes -= ring.get(slot).frame().size();
        retainedFrames--;
        ring.set(slot, null);
        oldest++;
    }

    private void overflowed() {
        overflows++;
        // Once, then at doubling counts: an encoder whose GOP is always too long must not flood the log.
        if (Long.bitCount(overflows) == 1) {
            log.warn("HUB: a group of pictures outgrew the buffer ({} frames, {} bytes) {} time(s); new viewers wait"
                    + " for the next keyframe: shorten the keyframe interval or raise the bounds",
                    limits.maxFrames(), limits.maxBytes(), overflows);
        }
    }

    private int slot(long position) {
        return (int) (position % limits.maxFrames());
    }

    /**
     * Starts following the hub from the cached keyframe (or, when none is cached, from the next keyframe published).
     *
     * @param wake told about each new frame on the producer's thread; it must only schedule the client's work,
     *             which then takes frames with {@link Subscriber#next()}
     */
    public Subscriber subscribe(FrameListener wake) {
        Subscriber subscriber = new Subscriber(wake);
        subscribers.add(subscriber);
        return subscriber;
    }

    @Override
    public boolean hasDemand() {
        return !subscribers.isEmpty();
    }

    @Override
    public int listenerCount() {
        return subscribers.size();
    }

    /**
     * True while no keyframe is cached (none published yet, or the current GOP outgrew the bounds): new subscribers
     * wait for the next keyframe, so an encoder asked to force one now lets them start at once.
     */
    public boolean keyframeWanted() {
        return gopStart < 0;
    }

    /** Frames in the buffer now. */
    public int retainedFrames() {
        return retainedFrames;
    }

    /** Bytes of the frames in the buffer now. */
    public long retainedBytes() {
        return retainedBytes;
    }

    /** How many GOPs outgrew the bounds so far. */
    public long overflows() {
        return overflows;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * One client's cursor into the hub. {@link #next()} is called by one thread at a time (the client's event loop);
     * {@link #framesSkipped()} may be read from anywhere.
     */
    public final class Subscriber implements AutoCloseable {

        /** How often {@link #next()} retries when the producer changed the ring under it; the next wake-up retries too. */
        private static final int ATTEMPTS = 4;

        private final FrameListener wake;
        /** The position of the frame this subscriber takes next. */
        private long next;
        /** True while the subscriber must start again at a keyframe. */
        private boolean resyncing;
        /** Skips count from the first frame taken on: frames before it were never this subscriber's. */
        private boolean started;
        private volatile long framesSkipped;

        private Subscriber(FrameListener wake) {
            this.wake = wake;
            // The end first: a keyframe published between the two reads is then found at the cursor.
            long end = published;
            long key = gopStart;
            if (key >= 0) {
                next = key;
            } else {
                next = end;
                resyncing = true;
            }
        }

        /**
         * The next frame this subscriber can decode, or {@code null} when there is none yet (the listener is woken
         * when there may be). After a gap, the first frame returned is a keyframe.
         */
        public Frame next() {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                long end = published;
                if (next >= end) {
                    return null;
                }
                if (resyncing) {
                    long key = gopStart;
                    if (key < next || key >= end) {
                        skip(end - next); // nothing here can be decoded without a keyframe we do not have
                        next = end;
                        return null;
                    }
                    skip(key - next);
                    next = key;
                    resyncing = false;
                }
                Entry entry = ring.get(slot(next));
                if (entry != null && entry.position() == next) {
                    next++;
                    started = true;
                    return entry.frame();
                }
                resyncing = true; // our next frame left the buffer
            }
            return null;
        }

        private void skip(long frames) {
            if (started && frames > 0) {
                framesSkipped += frames;
            }
        }

        /** Frames this subscriber never got because it fell behind. */
        public long framesSkipped() {
            return framesSkipped;
        }

        /** Stops following the hub (no more wake-ups; no longer demand). Idempotent. */
        @Override
        public void close() {
            subscribers.remove(this);
        }
    }
}
