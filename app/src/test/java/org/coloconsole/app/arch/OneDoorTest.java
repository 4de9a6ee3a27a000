package org.coloconsole.app.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.coloconsole.engine.arch.Door;
import org.junit.jupiter.api.Test;

/**
 * The console reaches the engine only through {@code control} and the data it hands out, so a
 * rule (who is primary, fencing, the journal path) lives in one place. Unit tier.
 */
class OneDoorTest {
    @Test
    void theConsoleUsesOnlyTheDoor() {
        JavaClasses app = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.coloconsole.app");
        noClasses().that().resideInAPackage("org.coloconsole.app..").should()
                .dependOnClassesThat(Door.engineInternals("org.coloconsole.app"))
                .because("the console goes through control, like coloctl").check(app);
    }
}
