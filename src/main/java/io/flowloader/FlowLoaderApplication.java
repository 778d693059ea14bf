package io.flowloader;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the loader service (and, under the {@code simulator} profile, the simulator). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FlowLoaderApplication {

  public static void main(String[] args) {
    SpringApplication.run(FlowLoaderApplication.class, args);
  }
}
