package dev.prm.platform.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

class CachedCommandTargetResolverTest {

    record EvaluateMonth(@TargetAggregateIdentifier String partnerId, String monthEnd) {
    }

    record Versioned(@TargetAggregateIdentifier String partnerId, @TargetAggregateVersion String version) {
    }

    static class ByMethod {
        private final String id;

        ByMethod(String id) {
            this.id = id;
        }

        @TargetAggregateIdentifier
        String target() {
            return "domain:" + id;
        }
    }

    record Unaddressed(String partnerId) {
    }

    private final CachedCommandTargetResolver resolver = new CachedCommandTargetResolver();
    private final AnnotationCommandTargetResolver axons = AnnotationCommandTargetResolver.builder().build();

    @Test
    void resolves_what_axons_annotation_resolver_resolves() {
        for (Object command : new Object[] {new EvaluateMonth("P-1", "2024-01-31"), new Versioned("P-2", "7"), new ByMethod("example.com"),
                new EvaluateMonth("P-3", "2024-02-29")}) {
            VersionedAggregateIdentifier ours = resolver.resolveTarget(GenericCommandMessage.asCommandMessage(command));
            VersionedAggregateIdentifier expected = axons.resolveTarget(GenericCommandMessage.asCommandMessage(command));

            assertThat(ours.getIdentifierValue()).isEqualTo(expected.getIdentifierValue());
            assertThat(ours.getVersion()).isEqualTo(expected.getVersion());
        }
        assertThat(resolver.resolveTarget(GenericCommandMessage.asCommandMessage(new Versioned("P-2", "7"))).getVersion()).isEqualTo(7L);
    }

    @Test
    void a_command_without_a_target_is_refused_as_axon_refuses_it() {
        assertThatThrownBy(() -> resolver.resolveTarget(GenericCommandMessage.asCommandMessage(new Unaddressed("P-1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unaddressed");
        assertThatThrownBy(() -> resolver.resolveTarget(GenericCommandMessage.asCommandMessage(new EvaluateMonth(null, "2024-01-31"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("@TargetAggregateIdentifier");
    }
}
