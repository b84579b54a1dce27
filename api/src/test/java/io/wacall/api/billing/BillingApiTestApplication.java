package io.wacall.api.billing;

import io.wacall.backend.billing.BillingConfiguration;
import io.wacall.backend.cloudapi.CloudApiClient;
import io.wacall.backend.metrics.WacallMetrics;
import io.wacall.api.security.SecurityConfiguration;
import io.wacall.api.web.Problems;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;

/**
 * The billing API alone: its controllers, the API's web edge (Spring Security, problem details),
 * the billing slice of activities and the Cloud API client (a reconciliation asks Meta), on a real PostgreSQL, without Temporal (the billing endpoints
 * never talk to it; BillingApiTest excludes the Temporal starter through its properties).
 *
 * <p>The API's own component scan finds this class in other tests' contexts. It is harmless there
 * on purpose: it only scans packages that context scans anyway (so every bean keeps its name) and
 * leaves auto-configuration exclusions to the test that uses it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(basePackageClasses = {BillingController.class, Problems.class, SecurityConfiguration.class,
    BillingConfiguration.class, CloudApiClient.class, WacallMetrics.class})
@ConfigurationPropertiesScan(basePackageClasses = {SecurityConfiguration.class, CloudApiClient.class})
class BillingApiTestApplication {}
