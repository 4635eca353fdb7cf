package io.github.camelpop3ingest.invoice;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Validates every structured invoice of the corpus in this JVM and prints the first validation per rule set (cold,
 * compile included), the warm time per invoice and the heap the compiled rule sets keep, for runs in a child JVM
 * with a small {@code -Xmx} (issue 13); not a test, so the build never runs it.
 * <p>
 * {@code java -Xmx128m -Dingest.corpus.dir=../shared/corpus -cp target/classes:target/test-classes:$(cat cp.txt)
 * io.github.camelpop3ingest.invoice.InvoiceValidationTimingRun [ROUNDS [HOLD_SECONDS]]}; with HOLD_SECONDS it waits
 * that long at the end, for {@code jcmd PID GC.class_histogram}.
 */
public final class InvoiceValidationTimingRun {

    private static final long MB = 1024 * 1024;

    private InvoiceValidationTimingRun() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<EmbeddedDocument> documents = InvoiceValidationCorpusTest.documents();
        XmlInvoiceReader plain = new XmlInvoiceReader();
        XmlInvoiceReader validating = plain.withValidator(new InvoiceValidator());
        System.out.printf(Locale.ROOT, "maxMemory=%d MB, %d documents, %d warm rounds%n",
                Runtime.getRuntime().maxMemory() / MB, documents.size(), rounds);
        // Reading alone, warmed up, is the baseline that the validation time is measured against.
        for (int i = 0; i < 20; i++) {
            documents.forEach(doc -> plain.read(doc.content(), doc.path()));
        }
        long heapBefore = usedHeapAfterGc();

        Map<String, Long> coldMillis = new LinkedHashMap<>();
        Map<String, Long> heapGrowth = new LinkedHashMap<>();
        long heap = heapBefore;
        for (EmbeddedDocument doc : documents) {
            long start = System.nanoTime();
            Invoice invoice = validating.read(doc.content(), doc.path()).orElseThrow();
            long millis = (System.nanoTime() - start) / 1_000_000;
            String ruleSet = invoice.validation().ruleSet();
            if (ruleSet != null && !coldMillis.containsKey(ruleSet)) {
                coldMillis.put(ruleSet, millis);
                long now = usedHeapAfterGc();
                heapGrowth.put(ruleSet, now - heap);
                heap = now;
            }
            System.out.printf(Locale.ROOT, "first  %-52s %-32s %-13s %6d ms%n", doc.path(), ruleSet,
                    invoice.validation().status().json(), millis);
        }
        long heapCompiled = usedHeapAfterGc();

        Map<String, List<Double>> warm = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (EmbeddedDocument doc : documents) {
                long start = System.nanoTime();
                plain.read(doc.content(), doc.path());
                long reading = System.nanoTime() - start;
                start = System.nanoTime();
                Invoice invoice = validating.read(doc.content(), doc.path()).orElseThrow();
                long both = System.nanoTime() - start;
                if (invoice.validation().ruleSet() != null) {
                    warm.computeIfAbsent(invoice.validation().ruleSet(), k -> new ArrayList<>())
                            .add(Math.max(0, both - reading) / 1e6);
                }
            }
        }
        System.out.println("cold: first invoice per rule set, compile included (rule sets sharing stylesheets "
                + "compile faster after the first)");
        coldMillis.forEach((ruleSet, millis) -> System.out.printf(Locale.ROOT, "  %-32s %6d ms, heap kept %+d MB%n",
                ruleSet, millis, heapGrowth.get(ruleSet) / MB));
        System.out.println("warm: validation per invoice (read with validator minus read without)");
        List<Double> all = new ArrayList<>();
        warm.forEach((ruleSet, times) -> {
            all.addAll(times);
            print(ruleSet, times);
        });
        print("all", all);
        long heapAfter = usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "heap after GC: before validation %d MB, rule sets compiled %d MB, after "
                + "%d warm rounds %d MB; the compiled rule sets keep about %d MB%n", heapBefore / MB,
                heapCompiled / MB, rounds, heapAfter / MB, (heapAfter - heapBefore) / MB);
        if (args.length > 1) {
            // Time for jcmd <pid> GC.class_histogram.
            System.out.println("holding for " + args[1] + " s, pid " + ProcessHandle.current().pid());
            try {
                Thread.sleep(Long.parseLong(args[1]) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void print(String name, List<Double> times) {
        List<Double> sorted = times.stream().sorted().toList();
        double mean = sorted.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        System.out.printf(Locale.ROOT, "  %-32s n=%4d mean %6.1f ms, median %6.1f, p90 %6.1f, max %6.1f%n", name,
                sorted.size(), mean, sorted.get(sorted.size() / 2), sorted.get(sorted.size() * 9 / 10),
                sorted.get(sorted.size() - 1));
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
