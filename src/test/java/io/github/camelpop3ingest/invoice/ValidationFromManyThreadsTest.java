package io.github.camelpop3ingest.invoice;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One validator used by several threads at once, each starting with a different document so that rule sets may be
 * compiled concurrently, gives every document the result it gets alone.
 */
class ValidationFromManyThreadsTest {

    private static final int THREADS = 4;

    @Test
    void concurrentValidationsAgreeWithSequentialOnes() throws Exception {
        List<EmbeddedDocument> documents = InvoiceValidationCorpusTest.documents();
        XmlInvoiceReader reader = new XmlInvoiceReader().withValidator(new InvoiceValidator());
        List<Callable<List<InvoiceValidation>>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int offset = t * documents.size() / THREADS;
            tasks.add(() -> {
                List<InvoiceValidation> results = new ArrayList<>();
                for (int i = 0; i < documents.size(); i++) {
                    EmbeddedDocument doc = documents.get((offset + i) % documents.size());
                    results.add(reader.read(doc.content(), doc.path()).orElseThrow().validation());
                }
                return results;
            });
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<List<InvoiceValidation>>> futures;
        try {
            futures = pool.invokeAll(tasks);
        } finally {
            pool.shutdown();
        }

        for (int t = 0; t < THREADS; t++) {
            int offset = t * documents.size() / THREADS;
            List<InvoiceValidation> results = futures.get(t).get();
            for (int i = 0; i < documents.size(); i++) {
                EmbeddedDocument doc = documents.get((offset + i) % documents.size());
                assertThat(results.get(i)).as("%s in thread %d", doc.path(), t)
                        .isEqualTo(reader.read(doc.content(), doc.path()).orElseThrow().validation());
            }
        }
    }
}
