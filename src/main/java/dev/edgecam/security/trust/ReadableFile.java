package dev.edgecam.security.trust;

import java.nio.file.Files;
import java.nio.file.Path;

/** The first check of a certificate or key file a user named: there, a file, readable by this process. */
public final class ReadableFile {

    private ReadableFile() {
    }

    /**
     * @param what what the file is for the user ("the CA file", "the key file")
     * @throws IllegalArgumentException naming the file and what to do
     */
    public static Path require(Path file, String what) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(what + " " + file + " does not exist: give the path of the PEM file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + " " + file + " is not a file: give the path of the PEM file");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(what + " " + file + " cannot be read by this user: let edgecam's user"
                    + " read it (chmod or chgrp)");
        }
        return file;
    }
}
