package dev.edgecam.cli;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.ByteBuffer;

/**
 * Adds a line to a {@code serve --auth-file} file for {@code edgecam passwd --file}: makes the folder when
 * missing (as {@code mkdir -p}) and the file readable by its owner only, since it holds password hashes.
 */
final class AuthFileAppender {

    private AuthFileAppender() {
    }

    /**
     * Appends {@code line} and a newline, starting a new line first when the file does not end with one.
     *
     * @throws IOException whose message names the path and the reason
     */
    static void append(Path file, String line) throws IOException {
        try {
            Path folder = file.toAbsolutePath().getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
            if (!Files.exists(file)) {
                createOwnerOnly(file);
            }
            String text = (endsWithoutNewline(file) ? "\n" : "") + line + "\n";
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (AccessDeniedException e) {
            throw new IOException("permission denied on " + e.getFile(), e);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(e.getFile() + " is a file, not a folder", e);
        } catch (FileSystemException e) {
            throw new IOException(e.getFile() + (e.getReason() == null ? "" : ": " + e.getReason()), e);
        }
    }

    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system: its own defaults
        }
    }

    private static boolean endsWithoutNewline(Path file) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            if (channel.size() == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.position(channel.size() - 1).read(last);
            return last.get(0) != '\n';
        }
    }
}
