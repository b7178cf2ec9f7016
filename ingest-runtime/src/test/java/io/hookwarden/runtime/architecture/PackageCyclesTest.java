package io.hookwarden.runtime.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The runtime's packages depend on each other in one direction only, so each can be read (and changed) on its own. */
class PackageCyclesTest {
    private static final JavaClasses RUNTIME = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.hookwarden.runtime");

    @Test
    void runtimePackagesAreFreeOfCycles() {
        slices().matching("io.hookwarden.runtime.(*)..").should().beFreeOfCycles().check(RUNTIME);
    }
}
