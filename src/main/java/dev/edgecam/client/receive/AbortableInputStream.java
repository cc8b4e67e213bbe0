package dev.edgecam.client.receive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream a watchdog can end from another thread when closing its connection does not: HttpURLConnection
 * keeps a keep-alive socket open to drain the last few hundred bytes of a response, so a read blocked on a
 * dripping server would go on. After {@link #abort()}, every read fails, including one that returns afterwards.
 */
final class AbortableInputStream extends FilterInputStream {

    private volatile boolean aborted;

    AbortableInputStream(InputStream in) {
        super(in);
    }

    /** Makes every read from now on fail; safe from any thread. */
    void abort() {
        aborted = true;
    }

    @Override
    public int read() throws IOException {
        failIfAborted();
        int b = super.read();
        failIfAborted();
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        failIfAborted();
        int n = super.read(buffer, offset, length);
        failIfAborted();
        return n;
    }

    private void failIfAborted() throws IOException {
        if (aborted) {
            throw new IOException("reading was aborted");
        }
    }
}
