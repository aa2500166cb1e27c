package org.iom.idm;

import org.iom.idm.axon.AxonDefaults;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The read side: follows the event store, keeps read models, answers queries and serves the UI. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QueryServiceApplication {

    public static void main(String[] args) {
        AxonDefaults.apply();
        SpringApplication.run(QueryServiceApplication.class, args);
    }
}
