package io.github.camelpop3ingest.invoice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.camelpop3ingest.durable.DurableFiles;

/** Serializes an {@link Envelope} to UTF-8 JSON and writes it crash-safe as {@value #FILE_NAME}. */
public final class EnvelopeWriter {

    public static final String FILE_NAME = "envelope.json";

    /** ISO-8601 dates, indented output; shared, since an ObjectMapper is thread-safe once configured. */
    public EnvelopeWriter() {
    }

    /** Made on first use: a start that archives nothing (a re-poll of a seen mailbox) does not initialise Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = createMapper();
    }

    /** The mapper used for envelopes; the time fields carry their own serializers (see {@link EnvelopeTimes}). */
    static ObjectMapper createMapper() {
        return new ObjectMapper()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Reads back the envelope.json that {@link #write} wrote into {@code folder}. */
    public Envelope read(Path folder) throws IOException {
        return Json.MAPPER.readValue(folder.resolve(FILE_NAME).toFile(), Envelope.class);
    }

    /** The envelope as UTF-8 JSON. */
    public byte[] toJson(Envelope envelope) {
        try {
            return Json.MAPPER.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Envelope could not be serialized", e);
        }
    }

    /**
     * Writes envelope.json into a folder that is still being built and is made durable as a whole afterwards, as the
     * archive does; nothing is forced to disk here.
     */
    public Path writeNew(Envelope envelope, Path folder) throws IOException {
        Path target = folder.resolve(FILE_NAME);
        Files.write(target, toJson(envelope), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return target;
    }

    /** Writes folder/envelope.json crash-safe: temp file beside it, fsync, atomic rename, fsync of the folder. */
    public Path write(Envelope envelope, Path folder) throws IOException {
        byte[] json = toJson(envelope);
        Path target = folder.resolve(FILE_NAME);
        DurableFiles.writeFile(target, json);
        return target;
    }
}
