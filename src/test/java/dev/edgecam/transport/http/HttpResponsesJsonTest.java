package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** JSON bodies are written without an ObjectMapper, byte for byte as its pretty printer wrote them. */
class HttpResponsesJsonTest {

    @Test
    void everyKindOfValueIsWrittenAsTheObjectMapperWroteIt() throws Exception {
        ObjectNode tree = HttpResponses.newObject();
        tree.put("text", "caf\u00e9 \"quoted\" \\ \n");
        tree.put("int", -7);
        tree.put("long", 1_764_480_000_123_456L);
        tree.put("big", new BigInteger("123456789012345678901234567890"));
        tree.put("double", 29.97);
        tree.put("wholeDouble", 30.0);
        tree.put("yes", true);
        tree.putNull("nothing");
        tree.put("nullText", (String) null);
        tree.putObject("empty");
        tree.putArray("none");
        ArrayNode clients = tree.putArray("clients");
        clients.addObject().put("address", "127.0.0.1:51234").put("fps", 30.0);
        clients.add(1).add("two").addNull();

        FullHttpResponse response = HttpResponses.json(HttpResponseStatus.OK, tree);
        try {
            String expected = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree);
            assertThat(response.content().toString(StandardCharsets.UTF_8)).isEqualTo(expected);
            assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo(HttpResponses.JSON);
        } finally {
            response.release();
        }
    }

    @Test
    void errorsAreAnObjectWithTheStatusAndTheMessage() {
        FullHttpResponse response = HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no such page: try /stream");
        try {
            assertThat(response.content().toString(StandardCharsets.UTF_8))
                    .isEqualTo("{\n  \"status\" : 404,\n  \"error\" : \"no such page: try /stream\"\n}");
        } finally {
            response.release();
        }
    }
}
