package io.wacall.backend;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Configuration;

/** Activity implementations, repositories and the Cloud API client. Imported by worker and api. */
@Configuration(proxyBeanMethods = false)
// application roots and test configurations (@SpringBootConfiguration) are never components
@ComponentScan(basePackageClasses = BackendConfiguration.class,
    excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
@ConfigurationPropertiesScan(basePackageClasses = BackendConfiguration.class)
public class BackendConfiguration {
  /** The one wall clock of the process; tests replace it. */
  @Bean
  @ConditionalOnMissingBean
  public Clock clock() {
    return Clock.systemUTC();
  }
}
