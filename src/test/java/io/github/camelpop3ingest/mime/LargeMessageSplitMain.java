package io.github.camelpop3ingest.mime;

import java.nio.file.Path;
import java.time.Instant;

import io.github.camelpop3ingest.invoice.Envelope;
import io.github.camelpop3ingest.invoice.EnvelopeWriter;

/** Splits one message file into a folder and writes its envelope; run in a child JVM with a small heap. */
public final class LargeMessageSplitMain {

    private LargeMessageSplitMain() {}

    /** Arguments: the message file and the output folder. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: LargeMessageSplitMain <message.eml> <folder>");
            System.exit(2);
        }
        Path message = Path.of(args[0]);
        Path folder = Path.of(args[1]);
        long start = System.nanoTime();
        MessageDescription envelope = new MimeSplitter().split(message, folder, new MessageSource("large", "large-1", Instant.now()));
        new EnvelopeWriter().write(Envelope.of(envelope), folder);
        Runtime runtime = Runtime.getRuntime();
        System.out.printf("split %d bytes into %d parts in %d ms, max heap %d MB%n", envelope.size(), envelope.parts().size(),
                (System.nanoTime() - start) / 1_000_000, runtime.maxMemory() / (1024 * 1024));
    }
}
