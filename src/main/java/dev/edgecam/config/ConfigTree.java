package dev.edgecam.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document as mappings, lists and scalars that remember their line, so that every error can name it.
 * Built from Jackson's YAML parser token by token (a tree of {@code JsonNode}s forgets the lines). A key given
 * twice in one mapping is an error here: YAML forbids it, and Jackson's parser would keep the last one silently.
 */
final class ConfigTree {

    /** A value in the document, and the line (from 1) where it starts. */
    sealed interface Node permits Mapping, Sequence, Scalar {
        int line();
    }

    /** A key of a mapping, the line it is on, and its value. */
    record Entry(String key, int line, Node value) {
    }

    record Mapping(int line, Map<String, Entry> entries) implements Node {
    }

    record Sequence(int line, List<Node> items) implements Node {
    }

    /**
     * A single value as YAML typed it.
     *
     * @param text its text ({@code 70}, {@code high}), or null for an empty value
     * @param token whether YAML read it as a string, a whole number, a decimal, a boolean or nothing
     * @param number its value when it is a number, else null
     */
    record Scalar(int line, String text, JsonToken token, BigDecimal number) implements Node {
    }

    private static final YAMLFactory YAML = new YAMLFactory();

    private final String fileName;
    private final JsonParser parser;

    private ConfigTree(String fileName, JsonParser parser) {
        this.fileName = fileName;
        this.parser = parser;
    }

    /**
     * Reads one YAML document.
     *
     * @param fileName the file's name, for messages
     * @return the document's root, or null for an empty document
     * @throws ConfigException for text that is not YAML, or a key given twice, naming the line
     */
    static Node parse(String text, String fileName) throws ConfigException {
        try (JsonParser parser = YAML.createParser(text)) {
            ConfigTree tree = new ConfigTree(fileName, parser);
            if (parser.nextToken() == null) {
                return null;
            }
            Node root = tree.node("");
            if (parser.nextToken() != null) {
                throw new ConfigException(fileName + ":" + line(parser)
                        + ": a second YAML document (after ---); give one document");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw notYaml(fileName, e);
        } catch (IOException e) {
            throw new ConfigException(fileName + ": cannot read: " + e.getMessage());
        }
    }

    /** Says what the YAML parser found wrong, and where: its problem and line, not its context ("while parsing..."). */
    private static ConfigException notYaml(String fileName, JsonProcessingException e) {
        String reason = e.getOriginalMessage().lines().findFirst().orElse("").strip();
        int line = e.getLocation() != null ? e.getLocation().getLineNr() : 0;
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            reason = marked.getProblem();
            line = marked.getProblemMark() != null ? marked.getProblemMark().getLine() + 1 : line;
        }
        return new ConfigException(fileName + (line > 0 ? ":" + line : "") + ": not valid YAML: " + reason
                + "; check the indentation, colons and quotes there and on the line before");
    }

    /** The node whose first token is the parser's current one; {@code path} names it in messages. */
    private Node node(String path) throws IOException, ConfigException {
        int line = line(parser);
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                return mapping(line, path);
            case START_ARRAY:
                List<Node> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(path + "[" + items.size() + "]"));
                }
                return new Sequence(line, Collections.unmodifiableList(items));
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Scalar(line, parser.getText(), token, decimal(parser));
            case VALUE_NULL:
                return new Scalar(line, null, token, null);
            default:
                return new Scalar(line, parser.getText(), token, null);
        }
    }

    private Mapping mapping(int line, String path) throws IOException, ConfigException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int keyLine = line(parser);
            parser.nextToken();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            Node value = node(keyPath);
            Entry first = entries.putIfAbsent(key, new Entry(key, keyLine, value));
            if (first != null) {
                throw new ConfigException(fileName + ":" + keyLine + ": " + keyPath + ": given twice in one place (first on "
                        + "line " + first.line() + "); keep one");
            }
        }
        return new Mapping(line, Collections.unmodifiableMap(entries));
    }

    /** The number, or null for one without a decimal value ({@code .nan}, {@code .inf}). */
    private static BigDecimal decimal(JsonParser parser) throws IOException {
        try {
            return parser.getDecimalValue();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }
}
