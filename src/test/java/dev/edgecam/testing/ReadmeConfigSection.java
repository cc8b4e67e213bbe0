package dev.edgecam.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The YAML example of the README's "Config file" section, read from README.md itself so the two cannot drift. */
public final class ReadmeConfigSection {

    public static final Path README = Path.of("README.md");

    private ReadmeConfigSection() {
    }

    public static String yaml() throws IOException {
        String section = section();
        int start = section.indexOf("```yaml\n");
        int end = section.indexOf("```", start + 8);
        if (start < 0 || end < 0) {
            throw new AssertionError("README.md's Config file section has no ```yaml block");
        }
        return section.substring(start + "```yaml\n".length(), end);
    }

    /** The text of the "## Config file" section, up to the next section. */
    public static String section() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int start = readme.indexOf("\n## Config file\n");
        if (start < 0) {
            throw new AssertionError("README.md has no '## Config file' section");
        }
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }
}
