package io.wacall.sandbox;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Configuration;

/** The Cloud API sandbox: plays Meta and the customer on loopback when wacall.sandbox.enabled. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "wacall.sandbox.enabled", havingValue = "true")
// application roots and test configurations (@SpringBootConfiguration) are never components
@ComponentScan(basePackageClasses = SandboxConfiguration.class,
    excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
@EnableConfigurationProperties(SandboxProperties.class)
public class SandboxConfiguration {}
