package dev.prm.contracts.api;

import static dev.prm.contracts.api.ApiAccess.Decision.ALLOW;
import static dev.prm.contracts.api.ApiAccess.Decision.FORBIDDEN;
import static dev.prm.contracts.api.ApiAccess.Decision.NOT_FOUND;
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
}
