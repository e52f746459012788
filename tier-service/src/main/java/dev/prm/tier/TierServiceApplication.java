package dev.prm.tier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class TierServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(TierServiceApplication.class, args);
    }
}
