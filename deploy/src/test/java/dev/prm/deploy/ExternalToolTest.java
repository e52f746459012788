package dev.prm.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A missing tool fails the check and says what to install; it is never skipped. */
class ExternalToolTest {

    @Test
    void aMissingToolFailsNamingThePackage() {
        ExternalTool missing = new ExternalTool("prm-no-such-tool", "apt-get install -y prm-no-such-package");
        assertThatThrownBy(missing::require).isInstanceOf(AssertionError.class)
                .hasMessageContaining("prm-no-such-tool").hasMessageContaining("apt-get install -y prm-no-such-package");
    }

    @Test
    void runsThePresentToolWithTheGivenEnvironmentOnly() {
        ExternalTool.Result result = ExternalTool.SH.run(List.of("-c", "echo \"$PRM_GIVEN:${HOME-unset}\"; exit 3"),
                Map.of("PRM_GIVEN", "given"), List.of("HOME"), Repository.ROOT, Duration.ofSeconds(10));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout().strip()).isEqualTo("given:unset");
    }
}
