package io.github.camelpop3ingest.mime;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the files of one message's {@code parts/} folder, each under a sanitized unique name. Nothing is forced to
 * disk here: the archive makes the whole message folder durable at once (see {@code DurableFiles#publishFolder}).
 */
final class PartFiles {

    static final String PARTS_DIR = "parts";

    private static final Logger LOG = LoggerFactory.getLogger(PartFiles.class);
    private final Path partsDir;
    private final int bufferSize;
    private final PartNamer namer = new PartNamer();

    /** {@code bufferSize} bytes are buffered per part file before they are written. */
    PartFiles(Path folder, int bufferSize) {
        this.partsDir = folder.toAbsolutePath().normalize().resolve(PARTS_DIR);
        this.bufferSize = bufferSize;
    }

    /** A created part file: its path relative to the message folder and the stream to write it. */
    record NewPart(String path, OutputStream stream) {}

    NewPart create(String decodedName, String section, String contentType) throws IOException {
        Files.createDirectories(partsDir);
        while (true) {
            String name = namer.assign(decodedName, section, contentType);
            Path target = partsDir.resolve(name).normalize();
            // The sanitizer should make this impossible; a file outside parts/ must never be written regardless.
            if (!partsDir.equals(target.getParent())) {
                throw new FileSystemException(target.toString(), null, "part name '" + name + "' escapes " + partsDir);
            }
            try {
                // CREATE_NEW also refuses to follow a symlink planted under the chosen name.
                FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), bufferSize);
                return new NewPart(PARTS_DIR + "/" + name, out);
            } catch (FileAlreadyExistsException e) {
                LOG.debug("Part file {} already exists, choosing the next free name", target);
            }
        }
    }
}
