package io.github.camelpop3ingest.mime;

import java.util.List;
import java.util.function.Supplier;

import org.apache.james.mime4j.codec.DecodeMonitor;

/** A mime4j monitor that records every warning as an envelope problem and never asks mime4j to abort. */
final class ProblemMonitor extends DecodeMonitor {

    /**
     * Warnings about how the bytes are stored rather than what they mean: LF-only files (mailbox exports, also behind
     * "non-standard soft line break") and trailing blanks in quoted-printable lines, plus per-byte base64 warnings
     * (bodies are decoded by {@link Base64BodyDecoder}, which reports bytes outside the alphabet once per part).
     */
    private static final List<String> NOISE = List.of(
            "Found LF without CR", "Found non-standard soft line break", "ignored blanks", "Unexpected base64 byte");

    private final Supplier<String> location;
    private final Problems problems;

    /** {@code location} names where the parser currently is, e.g. "part 2.1". */
    ProblemMonitor(Supplier<String> location, Problems problems) {
        this.location = location;
        this.problems = problems;
    }

    @Override
    public boolean warn(String error, String dropDesc) {
        if (error != null && NOISE.stream().anyMatch(error::startsWith)) {
            return false;
        }
        String what = dropDesc == null || dropDesc.isBlank() ? error : error + " (" + dropDesc + ")";
        problems.add(location.get() + ": " + what);
        return false;
    }

    @Override
    public boolean isListening() {
        return true;
    }
}
