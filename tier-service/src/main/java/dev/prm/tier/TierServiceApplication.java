package dev.prm.tier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import dev.prm.tier.domain.PointsPolicy;
import dev.prm.tier.domain.ProgramDefaults;

@SpringBootApplication
public class TierServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(TierServiceApplication.class, args);
    }

    @Bean
    PointsPolicy pointsPolicy() {
        return ProgramDefaults.pointsPolicy();
    }
}
