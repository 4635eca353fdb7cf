package io.github.camelpop3ingest.invoice;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** With validation on, a rule package missing from the classpath is named, never taken for "no rules broken". */
class MissingRulePackageTest {

    /** Hides the classes of one package, as a classpath without that jar would. */
    private static ClassLoader without(String packagePrefix) {
        return new ClassLoader(MissingRulePackageTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith(packagePrefix)) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };
    }

    @Test
    void allPackagesOnTheTestClasspathArePresent() {
        assertThat(InvoiceValidator.missingRulePackages(getClass().getClassLoader())).isEmpty();
    }

    @Test
    void aMissingXRechnungPackageIsNamed() {
        assertThat(InvoiceValidator.missingRulePackages(without("com.helger.phive.xrechnung.")))
                .containsExactly("com.helger.phive.rules:phive-rules-xrechnung");
    }

    @Test
    void everyMissingPackageIsNamed() {
        assertThat(InvoiceValidator.missingRulePackages(without("com.helger.phive.")))
                .containsExactly("com.helger.phive.rules:phive-rules-en16931",
                        "com.helger.phive.rules:phive-rules-peppol",
                        "com.helger.phive.rules:phive-rules-xrechnung");
    }
}
