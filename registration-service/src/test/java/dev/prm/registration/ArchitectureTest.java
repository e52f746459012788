package dev.prm.registration;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

import dev.prm.testsupport.ServiceArchitecture;

/** The rooms every service shares and the direction of their dependencies (one rule set, in the test-support module). */
@AnalyzeClasses(packages = "dev.prm.registration", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests service = ArchTests.in(ServiceArchitecture.class);
}
