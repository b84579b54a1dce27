package io.wacall.activities;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** Activity implementations, repositories and the Cloud API client. Imported by worker and api. */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = ActivitiesConfiguration.class)
@ConfigurationPropertiesScan(basePackageClasses = ActivitiesConfiguration.class)
public class ActivitiesConfiguration {
  /** The one wall clock of the process; tests replace it. */
  @Bean
  @ConditionalOnMissingBean
  public Clock clock() {
    return Clock.systemUTC();
  }
}
