package io.wacall.api.billing;

import io.wacall.backend.billing.BillingConfiguration;
import io.wacall.api.security.SecurityConfiguration;
import io.wacall.api.web.Problems;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;

/**
 * The billing API alone: its controllers, the API's web edge (Spring Security, problem details) and
 * the billing slice of activities, on a real PostgreSQL, without Temporal (the billing endpoints
 * never talk to it; BillingApiTest excludes the Temporal starter through its properties).
 *
 * <p>The API's own component scan finds this class in other tests' contexts. It is harmless there
 * on purpose: it only scans packages that context scans anyway (so every bean keeps its name) and
 * leaves auto-configuration exclusions to the test that uses it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(basePackageClasses = {BillingController.class, Problems.class, SecurityConfiguration.class,
    BillingConfiguration.class})
@ConfigurationPropertiesScan(basePackageClasses = SecurityConfiguration.class)
class BillingApiTestApplication {}
