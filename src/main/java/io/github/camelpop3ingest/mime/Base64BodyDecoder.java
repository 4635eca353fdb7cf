package io.github.camelpop3ingest.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Decodes a base64 body as RFC 2045 describes it: line breaks and white space are skipped, decoding ends at the first
 * pad character, and bytes outside the alphabet are skipped too but counted, so that a body such as "not base64 !" is
 * reported once per part instead of quietly becoming garbage. A pad or the end of the body in the middle of a
 * four-character group drops the group's characters with a problem, as mime4j's decoder does.
 * <p>
 * Works on whole buffers, four characters at a time: attachments are most of a mailbox's bytes, and mime4j's decoder
 * (one byte per loop with a bounds check on each) took 40% of a first sync's CPU (issue 6, JFR).
 */
final class Base64BodyDecoder extends InputStream {

    private static final int SKIP = -1;
    private static final int INVALID = -2;
    private static final int PAD = -3;
    private static final int[] SEXTETS = new int[256];
    private static final int CHUNK = 48 * 1024;

    static {
        Arrays.fill(SEXTETS, INVALID);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            SEXTETS[alphabet.charAt(i)] = i;
        }
        for (char c : new char[] {'\r', '\n', ' ', '\t'}) {
            SEXTETS[c] = SKIP;
        }
        SEXTETS['='] = PAD;
    }

    private final InputStream in;
    private final Consumer<String> problems;
    private final byte[] encoded = new byte[CHUNK];
    /** Decoded bytes not yet read, between {@code next} and {@code end}. */
    private final byte[] decoded = new byte[CHUNK / 4 * 3 + 3];
    private int next;
    private int end;
    /** Up to three sextets of a group that a chunk boundary cut, and how many. */
    private int pending;
    private int pendingCount;
    private long invalid;
    private boolean finished;

    /** {@code problems} receives each problem of this body once, as a sentence without the part's name. */
    Base64BodyDecoder(InputStream in, Consumer<String> problems) {
        this.in = in;
        this.problems = problems;
    }

    @Override
    public int read() throws IOException {
        if (next == end && !fill()) {
            return -1;
        }
        return decoded[next++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (next == end && !fill()) {
            return -1;
        }
        int n = Math.min(len, end - next);
        System.arraycopy(decoded, next, b, off, n);
        next += n;
        return n;
    }

    @Override
    public long transferTo(OutputStream out) throws IOException {
        long total = 0;
        while (next < end || fill()) {
            out.write(decoded, next, end - next);
            total += end - next;
            next = end;
        }
        return total;
    }

    /** Decodes the next chunk; false at the end of the body (after its problems have been reported). */
    private boolean fill() throws IOException {
        next = 0;
        end = 0;
        while (end == 0) {
            if (finished) {
                return false;
            }
            int n = in.readNBytes(encoded, 0, encoded.length);
            if (n == 0) {
                finish();
                return false;
            }
            end = decode(n);
        }
        return true;
    }

    /** Decodes {@code n} encoded bytes into {@link #decoded}, carrying a cut group over; returns the decoded length. */
    private int decode(int n) {
        int[] table = SEXTETS;
        byte[] src = encoded;
        byte[] dst = decoded;
        int out = 0;
        int group = pending;
        int count = pendingCount;
        int i = 0;
        // Fast path: whole groups of four alphabet characters, the shape of every line an encoder writes.
        while (true) {
            if (count == 0) {
                while (i + 4 <= n) {
                    int a = table[src[i] & 0xff];
                    int b = table[src[i + 1] & 0xff];
                    int c = table[src[i + 2] & 0xff];
                    int d = table[src[i + 3] & 0xff];
                    if ((a | b | c | d) < 0) {
                        break;
                    }
                    int bits = a << 18 | b << 12 | c << 6 | d;
                    dst[out] = (byte) (bits >>> 16);
                    dst[out + 1] = (byte) (bits >>> 8);
                    dst[out + 2] = (byte) bits;
                    out += 3;
                    i += 4;
                }
            }
            if (i >= n) {
                break;
            }
            int value = table[src[i++] & 0xff];
            if (value >= 0) {
                group = group << 6 | value;
                if (++count == 4) {
                    dst[out] = (byte) (group >>> 16);
                    dst[out + 1] = (byte) (group >>> 8);
                    dst[out + 2] = (byte) group;
                    out += 3;
                    group = 0;
                    count = 0;
                }
            } else if (value == INVALID) {
                invalid++;
            } else if (value == PAD) {
                out = pad(group, count, out);
                group = 0;
                count = 0;
                finished = true;
                break;
            }
        }
        pending = group;
        pendingCount = count;
        if (finished) {
            report();
        }
        return out;
    }

    /** The bytes a pad completes: two sextets carry one byte, three carry two; anything else is dropped. */
    private int pad(int group, int count, int out) {
        if (count == 2) {
            decoded[out++] = (byte) (group >>> 4);
        } else if (count == 3) {
            decoded[out++] = (byte) (group >>> 10);
            decoded[out++] = (byte) (group >>> 2);
        } else {
            problems.accept("Unexpected padding character (dropping " + count + " sextet(s))");
        }
        return out;
    }

    private void finish() {
        finished = true;
        if (pendingCount != 0) {
            problems.accept("Unexpected end of BASE64 stream (dropping " + pendingCount + " sextet(s))");
            pendingCount = 0;
        }
        report();
    }

    private void report() {
        if (invalid > 0) {
            problems.accept("invalid base64: " + invalid + " bytes outside the alphabet were skipped");
            invalid = 0;
        }
    }
}
