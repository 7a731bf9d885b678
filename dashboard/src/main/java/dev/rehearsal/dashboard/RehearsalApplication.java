package dev.rehearsal.dashboard;

import dev.rehearsal.dashboard.config.RehearsalProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

@SpringBootApplication
@EnableConfigurationProperties(RehearsalProperties.class)
public class RehearsalApplication {

    public static void main(String[] args) {
        SpringApplication.run(RehearsalApplication.class, args);
    }
}
