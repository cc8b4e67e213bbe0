import java.net.URI;
import java.net.http.*;
import java.nio.ByteBuffer;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

public class WsViewers {
  public static void main(String[] a) throws Exception {
    int n = Integer.parseInt(a[1]); long seconds = Long.parseLong(a[2]);
    HttpClient client = HttpClient.newHttpClient();
    AtomicLong messages = new AtomicLong(), bytes = new AtomicLong();
    for (int i = 0; i < n; i++) {
      client.newWebSocketBuilder().buildAsync(URI.create(a[0]), new WebSocket.Listener() {
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
          bytes.addAndGet(data.remaining()); if (last) messages.incrementAndGet(); ws.request(1); return null; }
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) { ws.request(1); return null; }
      }).get(10, TimeUnit.SECONDS);
    }
    Thread.sleep(seconds * 1000);
    System.out.printf("%d viewers: %d messages, %d bytes in %d s%n", n, messages.get(), bytes.get(), seconds);
    System.exit(0);
  }
}
