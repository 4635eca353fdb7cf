package io.github.camelpop3ingest.invoice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** The PDF's bytes, read at any position. */
interface PdfSource {

    long length();

    /** Reads up to the buffer's length at the position; -1 or 0 at the end. */
    int read(long position, byte[] buffer) throws IOException;

    /** A PDF held in memory. */
    record ArraySource(byte[] bytes) implements PdfSource {

        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public int read(long position, byte[] buffer) {
            if (position >= bytes.length) {
                return -1;
            }
            int n = (int) Math.min(buffer.length, bytes.length - position);
            System.arraycopy(bytes, (int) position, buffer, 0, n);
            return n;
        }
    }

    /** A PDF file, read where it lies. */
    record ChannelSource(FileChannel channel, long length) implements PdfSource {

        @Override
        public int read(long position, byte[] buffer) throws IOException {
            ByteBuffer target = ByteBuffer.wrap(buffer);
            while (target.hasRemaining()) {
                int n = channel.read(target, position + target.position());
                if (n < 0) {
                    break;
                }
            }
            return target.position() == 0 ? -1 : target.position();
        }
    }
}
