package io.github.camelpop3ingest.pop3;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reply reader gives the same bytes however the network cuts them: a dot, its CR or its LF at the end of a read
 * or of the 64 KiB buffer, and a status line that straddles the buffer's end.
 */
class Pop3ReplyReaderChunkingTest {

    @Test
    void bodiesReadInTinyAndOddChunksComeOutUnstuffedAndWhole() throws Exception {
        Random random = new Random(7);
        for (int seed = 0; seed < 20; seed++) {
            byte[] message = Pop3ConnectionRetrieveTest.variedMessage(seed, random);
            byte[] wire = wire(message);
            for (int chunk : new int[] {1, 2, 3, 5, 7, 16 * 1024 + 1}) {
                assertThat(readBack(new Chunked(new ByteArrayInputStream(wire), chunk)))
                        .as("message %d read %d bytes at a time", seed, chunk)
                        .isEqualTo(new String(message, StandardCharsets.ISO_8859_1));
            }
        }
    }

    @Test
    void dotLinesAndStatusLinesAtTheEndOfTheBufferComeOutWhole() throws Exception {
        // Line starts from a few bytes before to a few bytes after the end of the first buffer fill.
        for (int offset = Pop3ReplyReader.BUFFER_BYTES - 6; offset <= Pop3ReplyReader.BUFFER_BYTES + 2; offset++) {
            for (String line : new String[] {".", "..", ".x", "..x"}) {
                String filler = "a".repeat(offset - "+OK\r\n".length() - 2);
                byte[] message = (filler + "\r\n" + line + "\r\nend\r\n").getBytes(StandardCharsets.US_ASCII);
                assertThat(readBack(new ByteArrayInputStream(wire(message))))
                        .as("%s at offset %d", line, offset)
                        .isEqualTo(new String(message, StandardCharsets.ISO_8859_1));
            }
            // The body ends just there, so the terminator and the next status line straddle the buffer's end.
            byte[] message = ("a".repeat(offset - "+OK\r\n".length() - 2) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            assertThat(readBack(new ByteArrayInputStream(wire(message)))).as("end at offset %d", offset)
                    .isEqualTo(new String(message, StandardCharsets.ISO_8859_1));
        }
    }

    /** Reads a status line, a body, and the next status line, which must be intact. */
    private static String readBack(InputStream in) throws IOException {
        Pop3ReplyReader reader = new Pop3ReplyReader(in, "test:110", 0, 0);
        assertThat(reader.readLine("the reply to RETR 1")).isEqualTo("+OK");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = reader.copyBody(out, "the reply to RETR 1");
        assertThat(written).isEqualTo(out.size());
        assertThat(reader.readLine("the reply to QUIT")).isEqualTo("+OK bye");
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** The message as a server sends it: status line, dot-stuffed lines, terminator, then the next reply. */
    private static byte[] wire(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        String stuffed = (text.startsWith(".") ? "." : "") + text.replace("\r\n.", "\r\n..");
        return ("+OK\r\n" + stuffed + ".\r\n+OK bye\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Hands out at most {@code chunk} bytes per read, as a slow network does. */
    private static final class Chunked extends FilterInputStream {
        private final int chunk;

        Chunked(InputStream in, int chunk) {
            super(in);
            this.chunk = chunk;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, chunk));
        }
    }
}
