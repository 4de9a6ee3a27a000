package org.coloconsole.engine.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's layering, checked on its compiled classes (unit tier): a wrong import fails the
 * build, naming the class and the dependency.
 */
class ArchitectureTest {
    private static final String E = Door.ENGINE;
    private static JavaClasses engine;

    @BeforeAll
    static void load() {
        engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(E);
    }

    @Test
    void coloctlGoesThroughTheDoorOnly() {
        noClasses().that().resideInAPackage(E + ".cli..").should().dependOnClassesThat(Door.engineInternals(E + ".cli"))
                .because("coloctl uses the engine only through control, like the console").check(engine);
    }

    @Test
    void qmpAndNetAreAtTheBottom() {
        noClasses().that().resideInAnyPackage(E + ".qmp..", E + ".net..").should().dependOnClassesThat()
                .resideInAnyPackage(E + ".remote..", E + ".cluster..", E + ".model..", E + ".qemu..", E + ".monitor..",
                        E + ".runbook..", E + ".heartbeat..", E + ".fence..", E + ".control..", E + ".cli..", E + ".lab..", E + ".pacemaker..")
                .check(engine);
    }

    @Test
    void remoteDoesNotKnowQmp() {
        noClasses().that().resideInAPackage(E + ".remote..").should().dependOnClassesThat()
                .resideInAnyPackage(E + ".qmp..", E + ".cluster..", E + ".model..", E + ".qemu..", E + ".monitor..",
                        E + ".runbook..", E + ".heartbeat..", E + ".fence..", E + ".control..", E + ".cli..", E + ".lab..", E + ".pacemaker..")
                .because("host access is below QMP: it carries bytes to an endpoint, nothing more").check(engine);
    }

    @Test
    void profileAndModelAreData() {
        noClasses().that().resideInAnyPackage(E + ".cluster..", E + ".model..").should().dependOnClassesThat()
                .resideInAnyPackage(E + ".qmp..", E + ".remote..", E + ".qemu..", E + ".monitor..", E + ".runbook..",
                        E + ".heartbeat..", E + ".fence..", E + ".control..", E + ".cli..", E + ".lab..", E + ".pacemaker..")
                .check(engine);
        noClasses().that().resideInAPackage(E + ".cluster..").should().dependOnClassesThat().resideInAPackage(E + ".model..")
                .because("model builds on the profile's types, never the other way round").check(engine);
    }

    @Test
    void onlyTheDoorAndCliSitOnTop() {
        noClasses().that().resideOutsideOfPackages(E + ".control..", E + ".cli..").should().dependOnClassesThat()
                .resideInAnyPackage(E + ".control..", E + ".cli..").check(engine);
    }

    @Test
    void noCyclesBetweenPackages() {
        ArchRule rule = slices().matching(E + ".(*)..").should().beFreeOfCycles();
        rule.check(engine);
    }

    @Test
    void noJavaFxInTheEngine() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..").check(engine);
    }
}
