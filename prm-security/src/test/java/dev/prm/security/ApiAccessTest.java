package dev.prm.security;

import static dev.prm.security.ApiAccess.Decision.ALLOW;
import static dev.prm.security.ApiAccess.Decision.FORBIDDEN;
import static dev.prm.security.ApiAccess.Decision.NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ApiAccessTest {

    @Test
    void a_partner_reaches_its_own_routes_only_and_another_partners_look_missing() {
        assertThat(ApiAccess.decide("/api/partners/P1/tier", "P1", List.of())).isEqualTo(ALLOW);
        assertThat(ApiAccess.decide("/api/partners/P1/registrations/acme.com/extension", "P1", List.of())).isEqualTo(ALLOW);
        assertThat(ApiAccess.decide("/api/partners/P2/tier", "P1", List.of())).isEqualTo(NOT_FOUND);
        assertThat(ApiAccess.decide("/api/partners/P1x/tier", "P1", List.of())).isEqualTo(NOT_FOUND);
        assertThat(ApiAccess.decide("/api/partners/P1/tier", null, List.of())).isEqualTo(NOT_FOUND);
    }

    @Test
    void admin_routes_need_the_admin_role_which_also_reads_every_partner() {
        assertThat(ApiAccess.decide("/api/admin/tier-thresholds", "P1", List.of())).isEqualTo(FORBIDDEN);
        assertThat(ApiAccess.decide("/api/admin/conflicts/c1/resolution", null, List.of("ADMIN"))).isEqualTo(ALLOW);
        assertThat(ApiAccess.decide("/api/partners/P9/points", null, List.of("ADMIN"))).isEqualTo(ALLOW);
        assertThat(ApiAccess.decide("/api/unknown", "P1", List.of())).isEqualTo(FORBIDDEN);
    }

    @Test
    void S5_a_partner_id_that_needs_percent_encoding_is_compared_decoded_with_the_claim() {
        assertThat(ApiAccess.decide("/api/partners/P-%C3%BC/tier", "P-ü", List.of())).isEqualTo(ALLOW);
        assertThat(ApiAccess.decide("/api/partners/P%20A/registrations/acme.com", "P A", List.of())).isEqualTo(ALLOW);
        assertThat(ApiAccess.decide("/api/partners/P+A/tier", "P+A", List.of())).as("a plus is a plus in a path").isEqualTo(ALLOW);
        assertThat(ApiAccess.decide("/api/partners/P%20A/tier", "P%20A", List.of())).isEqualTo(NOT_FOUND);
        assertThat(ApiAccess.decide("/api/partners/P%20B/tier", "P A", List.of())).isEqualTo(NOT_FOUND);
    }

    @Test
    void S5_encoded_slashes_dot_segments_semicolons_and_broken_encodings_are_refused_for_everybody() {
        for (String path : List.of("/api/partners/P1%2FP2/tier", "/api/partners/P1%2fP2/tier", "/api/partners/..%2FP2/tier",
                "/api/partners/%2E%2E/tier", "/api/partners/./tier", "/api/partners/P1;x=1/tier", "/api/partners/P1%3B/tier",
                "/api/partners/P1/%2E%2E/P2/tier", "/api/partners/P1/../P2/tier", "/api/partners/P1%5CP2/tier",
                "/api/partners/P%C3/tier", "/api/partners/P%ZZ/tier", "/api/partners/P%2/tier")) {
            assertThat(ApiAccess.decide(path, "P1", List.of())).as(path).isEqualTo(NOT_FOUND);
            assertThat(ApiAccess.decide(path, null, List.of("ADMIN"))).as("admin: " + path).isEqualTo(NOT_FOUND);
        }
    }
}
