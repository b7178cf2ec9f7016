package io.hookwarden.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** crds/ is committed for kubectl, Helm and Argo CD; it must be exactly what the model generates. */
class CrdDriftTest {
    private static final String CRD = "webhooksources.hookwarden.io-v1.yml";

    @Test
    void committedCrdMatchesTheOneGeneratedFromTheModel() throws IOException {
        Path generated = Path.of("target/crds", CRD);
        Path committed = Path.of("../crds", CRD);
        if (Boolean.getBoolean("hookwarden.crds.update")) {
            Files.copy(generated, committed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(Files.readString(committed))
                .as("crds/%s drifted from api/; regenerate with ./mvnw -pl api test -Dhookwarden.crds.update=true", CRD)
                .isEqualTo(Files.readString(generated));
    }
}
