package dev.prm.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * One rule set for every service, so that each has the same rooms under the same names: {@code command} (aggregates,
 * their commands and stored events, what time makes happen), {@code domain} (the rules, plain Java), {@code query}
 * (projections and their reads), {@code web} (REST), {@code inbound} (Kafka in), {@code outbound} (Kafka out),
 * {@code config} (wiring) and {@code metrics}; the application class alone at the root. A service's test names it:
 * {@code @ArchTest static final ArchTests service = ArchTests.in(ServiceArchitecture.class);}
 */
public final class ServiceArchitecture {

    private static final String[] ROOMS = {"..command..", "..domain..", "..query..", "..web..", "..inbound..", "..outbound..",
            "..config..", "..metrics.."};

    private ServiceArchitecture() {
    }

    /** A service's own rooms; the contracts module's packages (e.g. {@code dev.prm.contracts.tier}) are not rooms. */
    private static DescribedPredicate<JavaClass> rooms(String... packages) {
        return JavaClass.Predicates.resideInAnyPackage(packages)
                .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("dev.prm.contracts..")));
    }

    @ArchTest
    public static final ArchRule every_class_lives_in_one_of_the_rooms = classes().that().resideOutsideOfPackages(ROOMS)
            .and().areTopLevelClasses().should().haveSimpleNameEndingWith("ServiceApplication")
            .because("every service has the same rooms (issue 17)");

    @ArchTest
    public static final ArchRule domain_rules_are_plain_java = noClasses().that().resideInAPackage("..domain..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "org.apache.kafka..", "org.axonframework..", "java.sql..", "javax.sql..",
                    "tools.jackson..", "dev.prm.platform..")
            .because("domain rules are plain Java, free of frameworks, brokers and persistence");

    @ArchTest
    public static final ArchRule domain_rules_know_no_adapter = noClasses().that().resideInAPackage("..domain..")
            .should().dependOnClassesThat(rooms("..command..", "..query..", "..web..", "..inbound..", "..outbound..",
                    "..config..", "..metrics.."))
            .because("adapters depend on the rules, never the other way");

    @ArchTest
    public static final ArchRule the_web_and_the_broker_do_not_meet = noClasses().that().resideInAPackage("..web..")
            .should().dependOnClassesThat(rooms("..inbound..", "..outbound.."))
            .because("REST and Kafka are separate edges that meet in commands and queries only");

    @ArchTest
    public static final ArchRule reads_do_not_decide = noClasses().that().resideInAPackage("..query..")
            .should().dependOnClassesThat(rooms("..web..", "..inbound..", "..outbound.."))
            .because("projections read stored events; they neither serve HTTP nor talk to the broker");
}
