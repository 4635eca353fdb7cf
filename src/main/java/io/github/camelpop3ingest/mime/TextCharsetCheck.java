package io.github.camelpop3ingest.mime;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.function.Consumer;

/** Checks, while a text part streams past, that its bytes really are in the charset it declares. */
final class TextCharsetCheck implements BodyCheck {

    private final Charset charset;
    private final CharsetDecoder decoder;
    private final Consumer<String> problems;
    /** The characters are thrown away: a small sink costs a few more decode turns, a large one its zeroing per part. */
    private final CharBuffer sink = CharBuffer.allocate(512);
    /** Holds the bytes of a character split across two writes. */
    private ByteBuffer carry = ByteBuffer.allocate(0);
    private boolean failed;

    TextCharsetCheck(Charset charset, Consumer<String> problems) {
        this.charset = charset;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.problems = problems;
    }

    @Override
    public void update(byte[] b, int off, int len) {
        if (failed) {
            return;
        }
        ByteBuffer in;
        if (carry.hasRemaining()) {
            in = ByteBuffer.allocate(carry.remaining() + len);
            in.put(carry).put(b, off, len).flip();
        } else {
            in = ByteBuffer.wrap(b, off, len);
        }
        decode(in, false);
        if (!failed) {
            carry = ByteBuffer.allocate(in.remaining()).put(in).flip();
        }
    }

    @Override
    public void finish() {
        if (!failed) {
            decode(carry, true);
        }
    }

    private void decode(ByteBuffer in, boolean endOfInput) {
        while (true) {
            sink.clear();
            CoderResult result = decoder.decode(in, sink, endOfInput);
            if (result.isError()) {
                failed = true;
                problems.accept("body is not valid " + charset.name() + " as declared by its charset parameter");
                return;
            }
            if (result.isUnderflow()) {
                return;
            }
        }
    }
}
