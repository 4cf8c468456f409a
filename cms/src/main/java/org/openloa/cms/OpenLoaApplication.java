package org.openloa.cms;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class OpenLoaApplication {

    public static void main(String[] args) {
        SpringApplication.run(OpenLoaApplication.class, args);
    }
}
