package io.github.camelpop3ingest.mime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The base64 body decoder against the JDK's decoder, with line breaks, chunk boundaries and RFC 2045's leniency. */
class Base64BodyDecoderTest {

    private final List<String> problems = new ArrayList<>();

    @Test
    void decodesWhatTheJdkMimeEncoderWroteAtEverySizeAroundItsChunk() throws IOException {
        Random random = new Random(6);
        for (int size : new int[] {0, 1, 2, 3, 4, 5, 57, 58, 1000, 36_863, 36_864, 36_865, 49_151, 49_152, 200_000}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            byte[] encoded = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encode(data);
            assertThat(transfer(encoded)).as("size %d", size).isEqualTo(data);
            assertThat(readByteByByte(encoded)).as("size %d byte by byte", size).isEqualTo(data);
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void decodesThroughAnInputThatReturnsOneByteAtATime() throws IOException {
        byte[] data = new byte[5000];
        new Random(7).nextBytes(data);
        byte[] encoded = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encode(data);
        InputStream trickle = new ByteArrayInputStream(encoded) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        assertThat(new Base64BodyDecoder(trickle, problems::add).readAllBytes()).isEqualTo(data);
        assertThat(problems).isEmpty();
    }

    @Test
    void skipsWhiteSpaceAnywhereAndStopsAtThePad() throws IOException {
        assertThat(text("SGVs bG8g\td29y\r\nbGQ=\r\nignored after the pad")).isEqualTo("Hello world");
        assertThat(text("SGk=")).isEqualTo("Hi");
        assertThat(text("SA==")).isEqualTo("H");
        assertThat(problems).isEmpty();
    }

    @Test
    void countsBytesOutsideTheAlphabetOncePerBody() throws IOException {
        assertThat(text("SGVs!bG8g*d29y")).isEqualTo("Hello wor");
        assertThat(problems).containsExactly("invalid base64: 2 bytes outside the alphabet were skipped");
    }

    @Test
    void reportsAGroupCutByTheEndOrByAnEarlyPad() throws IOException {
        assertThat(text("SGVsbG8gd")).isEqualTo("Hello ");
        assertThat(text("SGVsb=")).isEqualTo("Hel");
        assertThat(problems).containsExactly("Unexpected end of BASE64 stream (dropping 1 sextet(s))",
                "Unexpected padding character (dropping 1 sextet(s))");
    }

    private String text(String encoded) throws IOException {
        return new String(transfer(encoded.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.ISO_8859_1);
    }

    private byte[] transfer(byte[] encoded) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Base64BodyDecoder(new ByteArrayInputStream(encoded), problems::add).transferTo(out);
        return out.toByteArray();
    }

    private byte[] readByteByByte(byte[] encoded) throws IOException {
        InputStream in = new Base64BodyDecoder(new ByteArrayInputStream(encoded), problems::add);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            out.write(b);
        }
        return out.toByteArray();
    }
}
