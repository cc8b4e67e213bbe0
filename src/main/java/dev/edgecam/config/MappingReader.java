package dev.edgecam.config;

import com.fasterxml.jackson.core.JsonToken;
import dev.edgecam.config.ConfigTree.Entry;
import dev.edgecam.config.ConfigTree.Mapping;
import dev.edgecam.config.ConfigTree.Node;
import dev.edgecam.config.ConfigTree.Scalar;
import dev.edgecam.config.ConfigTree.Sequence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the keys of one mapping of the config file (its top level, or one camera), each checked for its type and
 * range. Every error names the file, the line and the key's path, and says what is expected:
 * {@code edgecam.yml:7: cameras[1].quality: expected a whole number from 1 to 100, got "high"}.
 */
final class MappingReader {

    private final String fileName;
    private final Path folder;
    private final String path;
    private final Mapping mapping;

    /**
     * @param folder the config file's folder, against which relative paths are resolved (null: the working one)
     * @param path the mapping's place in the file ({@code ""} at the top, {@code cameras[1]} for a camera)
     */
    MappingReader(String fileName, Path folder, String path, Mapping mapping) {
        this.fileName = fileName;
        this.folder = folder;
        this.path = path;
        this.mapping = mapping;
    }

    /** A reader of a mapping inside this one, such as a camera of the list. */
    MappingReader child(String childPath, Mapping childMapping) {
        return new MappingReader(fileName, folder, childPath, childMapping);
    }

    /**
     * Refuses a key not in {@code known}; one in {@code belongsElsewhere} is told where it goes instead.
     */
    void allowOnly(List<String> known, List<String> belongsElsewhere, String whereItGoes) throws ConfigException {
        for (Entry entry : mapping.entries().values()) {
            if (known.contains(entry.key())) {
                continue;
            }
            if (belongsElsewhere.contains(entry.key())) {
                throw error(entry, "is " + whereItGoes);
            }
            throw error(entry, "unknown key; the keys here are " + String.join(", ", known)
                    + " (see the README's Config file section)");
        }
    }

    /**
     * The reader of the mapping under {@code key} (a camera's {@code record} or {@code motion}), allowing only
     * {@code keys} in it; null when {@code key} is not given.
     *
     * @param example a value to show when {@code key} is not a mapping, such as {@code {fps: 5}}
     */
    MappingReader nested(String key, List<String> keys, String example) throws ConfigException {
        Entry entry = entry(key);
        if (entry == null) {
            return null;
        }
        if (!(entry.value() instanceof Mapping nestedMapping)) {
            throw expected(entry, "a mapping of " + key + " keys (" + String.join(", ", keys) + "), such as " + example);
        }
        MappingReader reader = child(pathOf(key), nestedMapping);
        reader.allowOnly(keys, List.of(), "");
        return reader;
    }

    boolean has(String key) {
        return mapping.entries().containsKey(key);
    }

    Entry entry(String key) {
        return mapping.entries().get(key);
    }

    /** The line of {@code key}, or of this mapping when the key is not given. */
    int lineOf(String key) {
        Entry entry = entry(key);
        return entry != null ? entry.line() : mapping.line();
    }

    /** The path of {@code key} in messages: {@code cameras[1].quality}. */
    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    long wholeNumber(String key, Range range, long fallback) throws ConfigException {
        return (long) number(key, range, fallback);
    }

    double number(String key, Range range, double fallback) throws ConfigException {
        Entry entry = entry(key);
        if (entry == null) {
            return fallback;
        }
        if (entry.value() instanceof Scalar scalar && scalar.number() != null) {
            double value = scalar.number().doubleValue();
            if (range.contains(value) && (!range.whole() || scalar.token() == JsonToken.VALUE_NUMBER_INT)) {
                return value;
            }
        }
        throw expected(entry, range.expectation());
    }

    boolean bool(String key, boolean fallback) throws ConfigException {
        Entry entry = entry(key);
        if (entry == null) {
            return fallback;
        }
        if (entry.value() instanceof Scalar scalar
                && (scalar.token() == JsonToken.VALUE_TRUE || scalar.token() == JsonToken.VALUE_FALSE)) {
            return scalar.token() == JsonToken.VALUE_TRUE;
        }
        throw expected(entry, "true or false");
    }

    /**
     * The value of {@code key} when YAML read it as true or false, else null: YAML 1.1 reads an unquoted {@code on} or
     * {@code off} as a boolean, which a mode key ({@code mode: off}) must take as the word.
     */
    Boolean yamlSwitch(String key) {
        Entry entry = entry(key);
        if (entry != null && entry.value() instanceof Scalar scalar) {
            if (scalar.token() == JsonToken.VALUE_TRUE) {
                return true;
            }
            if (scalar.token() == JsonToken.VALUE_FALSE) {
                return false;
            }
        }
        return null;
    }

    String text(String key, String fallback) throws ConfigException {
        Entry entry = entry(key);
        return entry == null ? fallback : text(entry, entry.value(), "text");
    }

    /**
     * The value parsed as the flag's own converter parses it; the converter's message says what is wrong.
     */
    <T> T parsed(String key, Function<String, T> parser, T fallback) throws ConfigException {
        Entry entry = entry(key);
        return entry == null ? fallback : parse(entry, text(entry, entry.value(), "text"), parser);
    }

    /** A comma-separated list ({@code allow}, {@code public}) given as one text or as a YAML list. */
    <T> T parsedList(String key, Function<String, T> parser, T fallback) throws ConfigException {
        Entry entry = entry(key);
        return entry == null ? fallback : parse(entry, String.join(",", texts(key)), parser);
    }

    /** A repeatable flag's values (one text or a YAML list), each kept whole (a URL may hold commas), parsed together. */
    <T> T parsedTexts(String key, Function<List<String>, T> parser, T fallback) throws ConfigException {
        Entry entry = entry(key);
        if (entry == null) {
            return fallback;
        }
        List<String> values = texts(key);
        try {
            return parser.apply(values);
        } catch (IllegalArgumentException e) {
            throw error(entry, e.getMessage());
        }
    }

    /** A repeatable flag's values: one text, or a YAML list of them. Empty when not given. */
    List<String> texts(String key) throws ConfigException {
        Entry entry = entry(key);
        List<String> values = new ArrayList<>();
        if (entry == null) {
            return values;
        }
        if (entry.value() instanceof Sequence sequence) {
            for (Node item : sequence.items()) {
                values.add(text(entry, item, "a list of texts"));
            }
        } else {
            values.add(text(entry, entry.value(), "a text or a list of texts"));
        }
        return values;
    }

    Path path(String key) throws ConfigException {
        Entry entry = entry(key);
        return entry == null ? null : resolve(text(entry, entry.value(), "a file or folder path"));
    }

    List<Path> paths(String key) throws ConfigException {
        List<Path> paths = new ArrayList<>();
        for (String value : texts(key)) {
            paths.add(resolve(value));
        }
        return paths;
    }

    /**
     * A relative path is relative to the config file's folder, wherever the server was started; {@code ~/} is the
     * home folder, as the shell reads it in a flag (no shell reads the file).
     */
    Path resolve(String value) {
        if (value.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(value.substring(2));
        }
        Path given = Path.of(value);
        return folder == null || given.isAbsolute() ? given : folder.resolve(given);
    }

    ConfigException error(Entry entry, String message) {
        return error(entry.line(), pathOf(entry.key()), message);
    }

    ConfigException error(int line, String where, String message) {
        return new ConfigException(fileName + ":" + line + ": " + where + ": " + message);
    }

    ConfigException expected(Entry entry, String expectation) {
        return expected(entry, entry.value(), expectation);
    }

    private ConfigException expected(Entry entry, Node value, String expectation) {
        return error(value.line(), pathOf(entry.key()), "expected " + expectation + ", got " + describe(value));
    }

    private <T> T parse(Entry entry, String text, Function<String, T> parser) throws ConfigException {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw error(entry, e.getMessage());
        }
    }

    /** A scalar's text: strings and numbers (a camera index, an id of digits) but not booleans or nothing. */
    private String text(Entry entry, Node value, String expectation) throws ConfigException {
        if (value instanceof Scalar scalar && scalar.text() != null && scalar.token() != JsonToken.VALUE_TRUE
                && scalar.token() != JsonToken.VALUE_FALSE && !scalar.text().isBlank()) {
            return scalar.text();
        }
        throw expected(entry, value, expectation);
    }

    /** How a value is shown after "got": {@code "high"}, {@code 70}, {@code true}, {@code nothing}, {@code a list}. */
    static String describe(Node value) {
        if (value instanceof Mapping) {
            return "a mapping of keys";
        }
        if (value instanceof Sequence) {
            return "a list";
        }
        Scalar scalar = (Scalar) value;
        if (scalar.text() == null) {
            return "nothing";
        }
        return scalar.token() == JsonToken.VALUE_STRING ? '"' + scalar.text() + '"' : scalar.text();
    }
}
