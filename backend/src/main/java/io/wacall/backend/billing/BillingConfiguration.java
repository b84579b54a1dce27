package io.wacall.backend.billing;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * The billing slice on its own: rate cards, the ledger, quotes and the activity. Part of
 * {@code BackendConfiguration}'s scan; importable alone by tests and tools.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = BillingConfiguration.class)
@EnableConfigurationProperties({BillingProperties.class, ReconciliationProperties.class})
public class BillingConfiguration {}
