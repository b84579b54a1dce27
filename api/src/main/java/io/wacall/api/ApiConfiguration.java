package io.wacall.api;

import io.wacall.backend.BackendConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The API: REST for services and agents, the webhook adapter, OpenAPI. */
@Configuration(proxyBeanMethods = false)
// application roots and test configurations (@SpringBootConfiguration) are never components
@ComponentScan(basePackageClasses = ApiConfiguration.class,
    excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
@ConfigurationPropertiesScan(basePackageClasses = ApiConfiguration.class)
@Import(BackendConfiguration.class)
public class ApiConfiguration {}
